//! The `timeband` binary: parses the command line and hands over to the library.

use clap::Parser;
use timeband::cli::{
    Cli, Command, ExportArgs, check_command, date_command, export_command, generate_command,
    sources_command,
};

fn main() {
    match run() {
        Ok(status) => std::process::exit(status),
        // The reader of the output went away (`timeband check --json FILE | head`): nothing is
        // wrong and there is no one to tell.
        Err(e) if is_broken_pipe(&e) => std::process::exit(0),
        Err(e) => {
            eprintln!("Error: {e:#}");
            std::process::exit(2);
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs the command line's command; its exit status.
fn run() -> anyhow::Result<i32> {
    timeband::app::mark_start();
    let cli = Cli::parse();
    let status = match cli.command {
        Some(Command::Check {
            files,
            json,
            as_of,
            load,
            format,
        }) => {
            if let Some(f) = format {
                timeband::load::force_format(&files, f);
            }
            check_command(
                &files,
                json,
                as_of.as_deref(),
                &load.options(),
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            )?
        }
        Some(Command::Generate {
            events,
            output,
            seed,
            profile,
            force,
        }) => generate_command(
            events,
            &output,
            seed,
            profile,
            force,
            &mut std::io::stderr().lock(),
        )?,
        Some(Command::Sources { files, json, as_of }) => sources_command(
            &files,
            json,
            as_of.as_deref(),
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )?,
        Some(Command::Date { exprs }) => date_command(&exprs, &mut std::io::stdout().lock())?,
        Some(Command::Export {
            file,
            output,
            from,
            to,
            width,
            height,
            scale,
            theme,
            select,
            cursor,
            lanes,
            statuses,
            min_grade,
            sources,
            kinds,
            as_of,
            provenance,
            force,
            chart,
            load,
            font,
            format,
        }) => {
            if let Some(f) = format {
                timeband::load::force_format(std::slice::from_ref(&file), f);
            }
            if let Some(chart) = chart {
                let args = timeband::cli::ChartArgs {
                    file: &file,
                    output: &output,
                    chart: &chart,
                    select: select.as_deref(),
                    as_of: as_of.as_deref(),
                    width,
                    scale,
                    theme,
                    force,
                    load: &load.options(),
                };
                return Ok(timeband::cli::export_chart_command(
                    &args,
                    &mut std::io::stderr().lock(),
                )?);
            }
            let options = load.options();
            let args = ExportArgs {
                file: &file,
                output: &output,
                from: from.as_deref(),
                to: to.as_deref(),
                width,
                height,
                scale,
                theme,
                select: select.as_deref(),
                cursor: cursor.as_deref(),
                lanes: &lanes,
                statuses: &statuses,
                min_grade: min_grade.as_deref(),
                sources: &sources,
                kinds: &kinds,
                as_of: as_of.as_deref(),
                provenance,
                force,
                load: &options,
                fonts: &font,
            };
            export_command(&args, &mut std::io::stderr().lock())?
        }
        None => {
            timeband::app::set_load_options(cli.load.options());
            if let Some(f) = cli.format {
                timeband::load::force_format(&cli.files, f);
            }
            run_window(cli.files, cli.import)?;
            0
        }
    };
    Ok(status)
}

fn run_window(files: Vec<std::path::PathBuf>, import: bool) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("timeband")
            .with_app_id("timeband")
            .with_inner_size([1440.0, 880.0])
            .with_min_inner_size([720.0, 420.0])
            .with_drag_and_drop(true)
            .with_icon(timeband::desktop::icon()),
        // Our own system-font fallback (`fonts`), the same as exports use.
        system_font_fallback: false,
        ..Default::default()
    };
    timeband::fonts::prefetch();
    eframe::run_native(
        "timeband",
        options,
        Box::new(|cc| {
            timeband::fonts::install(&cc.egui_ctx, &[]);
            if import {
                let mut app = timeband::app::TimebandApp::from_eframe(cc, Vec::new());
                if let Some(f) = files.first() {
                    app.open_import(f, false);
                }
                return Ok(Box::new(app));
            }
            Ok(Box::new(timeband::app::TimebandApp::from_eframe(cc, files)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
