//! The real window's UI, driven headless with egui_kittest: clicks, drags and keys, and what the
//! analyst then sees.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use egui::{Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use timeband::app::{Settings, TimebandApp};

fn harness(app: TimebandApp) -> Harness<'static, TimebandApp> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1440.0, 880.0))
        .build_ui_state(|ui, app: &mut TimebandApp| app.ui(ui), app);
    h.run_steps(3);
    h
}

/// The window on `files`, loaded.
fn opened(files: Vec<std::path::PathBuf>) -> Harness<'static, TimebandApp> {
    let mut app = TimebandApp::new(files, Settings::default());
    app.wait_for_load();
    harness(app)
}

fn sample_app() -> TimebandApp {
    TimebandApp::new(Vec::new(), Settings::default())
}

/// Puts the summit in view (it is in the sample's first view, but be explicit).
fn focus_summit(h: &mut Harness<'static, TimebandApp>) {
    let t = timeband::model::time::Civil::date(2023, 9, 13).to_instant() as f64;
    let v = &mut h.state_mut().view;
    v.set_range(t - 20.0 * 86_400.0, t + 20.0 * 86_400.0, 0.0);
    h.run_steps(2);
}

#[test]
fn click_on_event_shows_its_sources() {
    let mut h = harness(sample_app());
    focus_summit(&mut h);
    h.get_by_label("Putin–Kim summit at the Vostochny Cosmodrome")
        .click();
    h.run_steps(2);
    let app = h.state();
    let selected = app
        .state
        .selected
        .map(|i| app.idx.data.id(&app.idx.data.events[i]).to_string());
    assert_eq!(selected.as_deref(), Some("summit-vostochny"));
    // The detail pane lists the claims' sources with their grades.
    assert!(h.query_by_label_contains("Sourcing:").is_some());
    assert!(
        h.query_all_by_label("TASS").count() > 0,
        "TASS should be listed as a source"
    );
    assert!(
        h.query_all_by_label("B2").count()
            + h.query_all_by_label("B1").count()
            + h.query_all_by_label("C3").count()
            > 0
    );
    // The forecast that placed it in Vladivostok is there, with the time that source gave.
    assert!(
        h.query_all_by_label_contains("gave the place as Vladivostok")
            .count()
            > 0
    );
}

#[test]
fn dragging_the_cursor_changes_its_date() {
    let mut h = harness(sample_app());
    let before = h.state().view.cursor;
    let label_before = format!(
        "cursor {}",
        timeband::model::time::format_human_date(before as i64)
    );
    assert!(h.query_by_label(&label_before).is_some());
    let handle = h.get_by_label("Time cursor").rect();
    let start = handle.center();
    h.drag_at(start);
    h.run_steps(1);
    for k in 1..=10 {
        h.hover_at(start + Vec2::new(30.0 * k as f32, 0.0));
        h.run_steps(1);
    }
    h.drop_at(start + Vec2::new(300.0, 0.0));
    h.run_steps(2);
    let after = h.state().view.cursor;
    assert!(
        after > before + 86_400.0,
        "cursor moved from {before} to {after}"
    );
    let label_after = format!(
        "cursor {}",
        timeband::model::time::format_human_date(after as i64)
    );
    assert_ne!(label_before, label_after);
    assert!(h.query_by_label(&label_after).is_some());
}

#[test]
fn right_arrow_selects_the_next_event() {
    let mut h = harness(sample_app());
    assert_eq!(h.state().state.selected, None);
    let cursor = h.state().view.cursor;
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(2);
    let app = h.state();
    let selected = app.state.selected.expect("an event is selected");
    let event = &app.idx.data.events[selected];
    assert!(app.view.cursor > cursor);
    // The detail pane now shows that event.
    // Drawn on the timeline and as the detail pane's heading.
    assert!(
        h.query_all_by_label(app.idx.data.title(event)).count() >= 2,
        "detail pane shows {}",
        app.idx.data.title(event)
    );
    // And → again moves on to a later boundary.
    let first_cursor = h.state().view.cursor;
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(2);
    assert!(h.state().view.cursor > first_cursor);
}

#[test]
fn every_press_of_a_key_counts_even_in_one_frame() {
    let mut h = harness(sample_app());
    let span = |h: &Harness<'static, TimebandApp>| h.state().view.t1 - h.state().view.t0;
    let before = span(&h);
    // Three presses of `+` before the next frame (a slow frame of a large data set): three
    // steps of zoom, as three frames would give. (`key_press` would give each its own frame.)
    for pressed in [true, false, true, false, true, false] {
        h.input_mut().events.push(egui::Event::Key {
            key: egui::Key::Plus,
            pressed,
            repeat: false,
            modifiers: egui::Modifiers::default(),
            physical_key: None,
        });
    }
    h.run_steps(1);
    let after = span(&h);
    assert!(
        (before / after - 1.5f64.powi(3)).abs() < 1e-6,
        "{before} → {after}"
    );
}

#[test]
fn broken_file_shows_error_and_keeps_previous_events() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"timeband\": 1,\n  \"events\": [ {\"id\": \"a\" \"title\": \"x\"} ]\n}",
    )
    .unwrap();
    let mut h = harness(sample_app());
    focus_summit(&mut h);
    let events_before = h.state().idx.data.events.len();
    h.state_mut().open(vec![broken.clone()]);
    h.state_mut().wait_for_load();
    h.run_steps(2);
    assert!(h.query_by_label("Could not open").is_some());
    let message = format!("{}:3:", broken.display());
    assert!(
        h.query_by_label_contains(&message).is_some(),
        "error names file and line"
    );
    assert!(h.query_by_label_contains("expected `,` or `}`").is_some());
    assert_eq!(h.state().idx.data.events.len(), events_before);
    assert!(
        h.query_by_label("Putin–Kim summit at the Vostochny Cosmodrome")
            .is_some(),
        "previous events still drawn"
    );
}

#[test]
fn file_with_bad_records_lists_problems_and_loads_the_rest() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-p-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("records.json");
    std::fs::write(
        &f,
        r#"{"timeband": 1, "events": [
  {"id": "ok", "title": "A good event", "time": "2023-09-13"},
  {"id": "bad", "title": "A bad date", "time": "2023-02-30"}
]}"#,
    )
    .unwrap();
    let mut h = harness(sample_app());
    h.state_mut().open(vec![f]);
    h.state_mut().wait_for_load();
    h.run_steps(3);
    assert_eq!(h.state().idx.data.events.len(), 1);
    // The file is named once, over the list; each line says where in it.
    assert!(
        h.query_by_label_contains("line 3, column ").is_some(),
        "the problem is listed with its place"
    );
    assert!(
        h.query_by_label_contains("1 problem in records.json: what was left out")
            .is_some()
    );
    assert!(h.query_by_label_contains("records.json:3").is_none());
    // The panel is as tall as its one line, not a box of empty ones above the status bar.
    let line = h.get_by_label_contains("line 3, column ").rect();
    let status = h.get_by_label_contains("⚠ 1 problem").rect();
    assert!(
        status.min.y - line.max.y < 30.0,
        "the problem at {line:?}, the status bar at {status:?}"
    );
    assert!(h.query_all_by_label("A good event").count() > 0);
    // One is singular, in the status bar and over the list.
    assert!(h.query_by_label("⚠ 1 problem").is_some());
    assert!(h.query_by_label_contains("1 problems").is_none());
    assert!(h.query_by_label_contains("1 records").is_none());
}

#[test]
fn clicking_empty_space_deselects() {
    let mut h = harness(sample_app());
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(2);
    assert!(h.state().state.selected.is_some());
    // Below the last lane, away from the cursor: nothing is drawn there.
    let cursor = h.get_by_label("Time cursor").rect();
    let empty = Pos2::new(cursor.center().x + 150.0, cursor.bottom() - 6.0);
    h.hover_at(empty);
    h.run_steps(1);
    h.drag_at(empty);
    h.run_steps(1);
    h.drop_at(empty);
    h.run_steps(2);
    assert_eq!(h.state().state.selected, None);
}

/// A window too short for every lane exports the lanes it shows, and says how many it left out;
/// an export at a width, as tall as the lanes need, leaves none out.
#[test]
fn export_of_a_short_window_says_which_lanes_it_leaves_out() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-cut-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut h = Harness::builder()
        .with_size(Vec2::new(1440.0, 520.0))
        .build_ui_state(|ui, app: &mut TimebandApp| app.ui(ui), sample_app());
    h.run_steps(3);
    let out = dir.join("short.png");
    h.state_mut().export_timeline_to(&out, false, 1.0, None);
    h.run_steps(2);
    let notice = h.state().notice.clone().unwrap_or_default();
    assert!(
        notice.contains("of 5 lanes (") && notice.contains("do not fit in the picture"),
        "{notice}"
    );
    assert!(
        h.query_by_label_contains("do not fit in the picture")
            .is_some()
    );
    let whole = dir.join("whole.png");
    // Scrolled down in the window: a page as tall as the lanes need starts at the first.
    h.state_mut().state.scroll_y = 150.0;
    h.state_mut()
        .export_timeline_to(&whole, false, 1.0, Some(1200));
    h.run_steps(2);
    let notice = h.state().notice.clone().unwrap_or_default();
    assert!(
        notice.contains("whole.png") && !notice.contains("do not fit"),
        "{notice}"
    );
}

/// An export of the window is its timeline with the page's title block and footer around it:
/// a selected event's sources, listed in the footer, take no lane the window shows whole.
#[test]
fn export_of_the_window_with_an_event_selected_keeps_every_lane_the_window_shows() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-sel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("page.png");
    let with_selection = |height: f32| {
        let mut h = Harness::builder()
            .with_size(Vec2::new(1440.0, height))
            .build_ui_state(|ui, app: &mut TimebandApp| app.ui(ui), sample_app());
        h.run_steps(3);
        // The event cited by the most sources: the longest footer.
        let data = &h.state().idx.data;
        let sources = |i: usize| {
            let mut s: Vec<u32> = data.events[i].claims.iter().map(|c| c.source).collect();
            s.sort_unstable();
            s.dedup();
            s.len()
        };
        let most = (0..data.events.len()).max_by_key(|&i| sources(i)).unwrap();
        assert!(sources(most) >= 3);
        h.state_mut().state.selected = Some(most);
        h.run_steps(3);
        h
    };
    // The shortest window (to 20 points) whose lanes, beside the selected event's details,
    // need no scrolling: the window shows every lane whole.
    // (Scrolled a point down, the timeline keeps that scroll only if its lanes need it.)
    let shows_all = |h: &mut Harness<'static, TimebandApp>| {
        h.state_mut().state.scroll_y = 1.0;
        h.run_steps(1);
        h.state().state.scroll_y == 0.0
    };
    let mut h = (480..=1200)
        .step_by(20)
        .map(|height| with_selection(height as f32))
        .find_map(|mut h| shows_all(&mut h).then_some(h))
        .expect("a window of at most 1,200 points shows every lane");
    h.state_mut().export_timeline_to(&out, false, 1.0, None);
    h.run_steps(2);
    let notice = h.state().notice.clone().unwrap_or_default();
    assert!(
        notice.contains("Exported the timeline to") && !notice.contains("do not fit"),
        "{notice}"
    );
    // The page is taller by the footer's lines, not shorter in its timeline.
    let selected = h.state().export_options(false, 1.0, None).height.unwrap();
    let data_selected = h.state().state.selected;
    h.state_mut().state.selected = None;
    let bare = h.state().export_options(false, 1.0, None).height.unwrap();
    h.state_mut().state.selected = data_selected;
    assert!(selected > bare + 40.0, "{selected} against {bare}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_from_the_window_writes_the_view_and_says_so() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-x-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("view.png");
    let _ = std::fs::remove_file(&out);
    let mut h = harness(sample_app());
    let size = h.state().export_options(false, 2.0, None);
    h.state_mut().export_timeline_to(&out, false, 2.0, None);
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Exported the timeline to")
            .is_some()
    );
    let bytes = std::fs::read(&out).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().unwrap();
    // The view as it stands on screen, at 2×.
    assert_eq!(reader.info().width as f32, (size.width * 2.0).round());

    // A failed export says so and leaves nothing behind.
    let missing = dir.join("no-such-dir").join("view.png");
    h.state_mut().export_timeline_to(&missing, false, 1.0, None);
    h.run_steps(2);
    assert!(h.query_by_label_contains("Export failed").is_some());
    assert!(!missing.exists());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

/// Steps the UI until `done` holds, for up to `secs` seconds.
fn step_until(
    h: &mut Harness<'static, TimebandApp>,
    secs: u64,
    done: impl Fn(&Harness<'static, TimebandApp>) -> bool,
) -> bool {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < until {
        h.run_steps(1);
        if done(h) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(40));
    }
    false
}

#[test]
fn a_file_broken_on_disk_keeps_the_previous_events_and_shows_why() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-w-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("live.json");
    let events = |n: usize| {
        let list: Vec<String> = (0..n)
            .map(|i| {
                format!(r#"{{"id": "e{i}", "title": "Live event {i}", "time": "2023-09-1{i}"}}"#)
            })
            .collect();
        format!(r#"{{"timeband": 1, "events": [{}]}}"#, list.join(","))
    };
    std::fs::write(&f, events(2)).unwrap();
    let mut h = opened(vec![f.clone()]);
    assert_eq!(h.state().idx.data.events.len(), 2);
    assert!(h.query_by_label("Live event 1").is_some());

    // Someone saves a broken version.
    std::thread::sleep(std::time::Duration::from_millis(100));
    std::fs::write(&f, "{\"timeband\": 1, \"events\": [ {\"id\": ").unwrap();
    assert!(
        step_until(&mut h, 10, |h| h.query_by_label("Could not open").is_some()),
        "the error is shown"
    );
    assert!(h.query_by_label_contains("live.json:1:").is_some());
    assert!(h.query_by_label_contains("changed on disk").is_some());
    assert_eq!(
        h.state().idx.data.events.len(),
        2,
        "the last good data stays"
    );
    assert!(h.query_by_label("Live event 1").is_some());

    // And a fixed version replaces it.
    std::fs::write(&f, events(3)).unwrap();
    assert!(
        step_until(&mut h, 10, |h| h.state().idx.data.events.len() == 3),
        "the fixed file reloads"
    );
    assert!(step_until(&mut h, 2, |h| h
        .query_by_label("Could not open")
        .is_none()));
}

#[test]
fn the_detail_pane_stays_after_opening_a_file() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-d-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("one.json");
    std::fs::write(&f, r#"{"timeband": 1, "title": "One file", "events": [{"id": "a", "title": "Only event", "time": "2023-09-13"}]}"#).unwrap();
    let h = opened(vec![f]);
    assert!(!h.state().settings.recent.is_empty());
    // The pane shows the data set's title and what is under the cursor.
    assert!(h.query_by_label("One file").is_some());
    assert!(h.query_by_label_contains("Under the cursor").is_some());
}

#[test]
fn the_detail_pane_says_when_the_cursor_is_out_of_view() {
    let mut h = harness(sample_app());
    let cursor = h.state().view.cursor;
    let v = &mut h.state_mut().view;
    v.set_range(cursor - 10.0 * 86_400.0, cursor + 10.0 * 86_400.0, 0.0);
    h.run_steps(2);
    assert!(h.query_by_label_contains("Under the cursor").is_some());
    assert!(h.query_by_label_contains("of the view)").is_none());
    // The view moves on a year; the cursor stays behind, on its left.
    let v = &mut h.state_mut().view;
    v.set_range(cursor + 365.0 * 86_400.0, cursor + 400.0 * 86_400.0, 0.0);
    h.run_steps(2);
    assert!(h.query_by_label_contains("left of the view)").is_some());
    let v = &mut h.state_mut().view;
    v.set_range(cursor - 400.0 * 86_400.0, cursor - 365.0 * 86_400.0, 0.0);
    h.run_steps(2);
    assert!(h.query_by_label_contains("right of the view)").is_some());
}

#[test]
fn clicking_a_problem_selects_its_event() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-pc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("warn.json");
    // The claim's time is wrong: the event loads, with a problem naming it.
    std::fs::write(
        &f,
        r#"{"timeband": 1, "sources": [{"id": "s", "name": "S"}], "events": [
  {"id": "first", "title": "First event", "time": "2023-09-01"},
  {"id": "warned", "title": "Warned event", "time": "2023-09-13", "claims": [{"source": "s", "said": "x", "time": "2023-13"}]}
]}"#,
    )
    .unwrap();
    let mut h = opened(vec![f]);
    assert_eq!(h.state().state.selected, None);
    h.get_by_label_contains("warned: claim 1").click();
    h.run_steps(2);
    let app = h.state();
    assert_eq!(
        app.state
            .selected
            .map(|i| app.idx.data.id(&app.idx.data.events[i])),
        Some("warned")
    );
}

#[test]
fn clicking_a_problem_of_a_repeated_id_selects_the_event_it_is_about() {
    // CollectionBuilder's `arc_001` names two items; the second is read as its own event
    // `arc_001 (line 9)`, and its problem is about that one, not the first.
    let f = std::path::PathBuf::from(
        "tests/data/real/collections/digbmc_germantown_ywca_collectionbuilder_timeline.csv",
    );
    let mut h = opened(vec![f]);
    h.get_by_label_contains("again, with another title").click();
    h.run_steps(2);
    let app = h.state();
    let selected = app.state.selected.map(|i| &app.idx.data.events[i]);
    assert_eq!(
        selected.map(|e| app.idx.data.id(e)),
        Some("arc_001 (line 9)")
    );
    assert_eq!(selected.map(|e| e.location.line), Some(9));
}

/// A big file loads in the background with a progress bar; Cancel stops it and the data on
/// screen stays.
#[test]
fn loading_shows_progress_and_can_be_cancelled() {
    let dir = std::env::temp_dir().join(format!("timeband-cancel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.json");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
    timeband::generate::generate(&mut f, 400_000, 3, timeband::generate::GenFormat::Json).unwrap();
    drop(f);

    let mut h = harness(sample_app());
    let before = h.state().idx.data.events.len();
    h.state_mut().open(vec![big.clone()]);
    // The status bar names the file and how much of it is read.
    assert!(step_until(&mut h, 20, |h| h
        .query_by_label_contains("big.json: ")
        .is_some()));
    assert!(h.query_by_label_contains(" MB").is_some());
    assert!(
        h.query_by_label("Cancel").is_some(),
        "a Cancel button while loading"
    );
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    h.state_mut().wait_for_load();
    h.run_steps(2);
    assert!(!h.state().is_loading());
    assert_eq!(
        h.state().idx.data.events.len(),
        before,
        "the sample stays on screen"
    );
    assert!(h.query_by_label_contains("Loading cancelled").is_some());

    // Loaded to the end, the new data replaces the old.
    h.state_mut().open(vec![big.clone()]);
    h.state_mut().wait_for_load();
    h.run_steps(2);
    assert_eq!(h.state().idx.data.events.len(), 400_000);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Where events outnumber the pixels, lanes are drawn as densities with counts; zoomed in, each
/// event is drawn (and clickable) again.
#[test]
fn dense_lanes_show_counts_and_zoom_in_to_events() {
    let dir = std::env::temp_dir().join(format!("timeband-dense-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("dense.json");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    timeband::generate::generate(&mut f, 60_000, 5, timeband::generate::GenFormat::Json).unwrap();
    drop(f);
    let mut h = harness(TimebandApp::new(vec![file.clone()], Settings::default()));
    h.state_mut().wait_for_load();
    let idx = h.state().idx.clone();
    h.state_mut().view.fit_all(&idx);
    h.run_steps(2);
    // The first lane is dense: one widget that says how many events it stands for.
    let first = &idx.data.lanes[0].label;
    let prefix = format!("{first}: ");
    let dense = h.get_by_label_contains(&prefix);
    let n: usize = dense
        .accesskit_node()
        .label()
        .unwrap_or_default()
        .split(": ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .expect("a count");
    let (t0, t1) = (h.state().view.t0, h.state().view.t1);
    // The count is the index's, for the view (and a little beyond its edges).
    let (lo, hi) = (
        idx.lanes[0].count(t0, t1),
        idx.lanes[0].count(t0 - span_pad(t0, t1), t1 + span_pad(t0, t1)),
    );
    assert!(lo <= n && n <= hi, "{lo} <= {n} <= {hi}");
    assert!(n > 1000, "{n}");
    // Clicking it zooms in around the pointer.
    let span = t1 - t0;
    dense.click();
    h.run_steps(2);
    let v = &h.state().view;
    assert!((v.t1 - v.t0) < span / 3.0, "zoomed in");
    // At one day, events are drawn one by one again.
    let day = timeband::model::time::Civil::date(2020, 6, 15).to_instant() as f64;
    h.state_mut().view.set_range(day, day + 86_400.0, 0.0);
    h.run_steps(2);
    assert!(h.query_by_label_contains(&prefix).is_none());
    assert!(h.query_all_by_label_contains(" near ").count() > 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A few points' worth of time at a 1440-point-wide window.
fn span_pad(t0: f64, t1: f64) -> f64 {
    (t1 - t0) / 100.0
}

/// Grabbing the overview's window and dragging it N points moves the view by exactly N points'
/// worth of the overview's time: the window stays under the pointer.
#[test]
fn dragging_the_overview_window_moves_the_view_with_the_pointer() {
    let mut h = harness(sample_app());
    let axis = h
        .state()
        .timeline
        .as_ref()
        .and_then(|t| t.overview_axis)
        .expect("the overview has an axis");
    // A window a fifth of the strip wide, from 30% of the way along.
    let span = axis.t1 - axis.t0;
    h.state_mut()
        .view
        .set_range(axis.t0 + 0.3 * span, axis.t0 + 0.5 * span, 0.0);
    h.run_steps(2);
    let (t0, t1) = (h.state().view.t0, h.state().view.t1);
    let (wx0, wx1) = (axis.x_from_time(t0) as f32, axis.x_from_time(t1) as f32);
    assert!(wx1 - wx0 > 20.0, "the window is wide enough to grab");
    let strip = h.get_by_label("Overview of the whole data set").rect();
    let start = Pos2::new((wx0 + wx1) / 2.0, strip.center().y);
    h.hover_at(start);
    h.run_steps(1);
    h.drag_at(start);
    h.run_steps(1);
    let moved = 45.0;
    for k in 1..=9 {
        h.hover_at(start + Vec2::new(moved * k as f32 / 9.0, 0.0));
        h.run_steps(1);
    }
    h.drop_at(start + Vec2::new(moved, 0.0));
    h.run_steps(2);
    let expected = f64::from(moved) * axis.seconds_per_point();
    let (a, b) = (h.state().view.t0, h.state().view.t1);
    assert!(
        ((a - t0) - expected).abs() < expected * 1e-6,
        "moved {} s, expected {expected} s",
        a - t0
    );
    assert!(((b - a) - (t1 - t0)).abs() < 1e-3, "the span stays");
}

fn events_file(ids: &[&str]) -> String {
    let list: Vec<String> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            format!(
                r#"{{"id": "{id}", "title": "Event {id}", "time": "2023-09-{:02}"}}"#,
                i + 10
            )
        })
        .collect();
    format!(r#"{{"timeband": 1, "events": [{}]}}"#, list.join(",\n"))
}

/// An edit that adds an event at the top of the file shifts every index: the reload keeps the
/// same event selected, found by its id.
#[test]
fn reload_after_an_event_is_inserted_at_the_top_keeps_the_same_event_selected() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-r-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("edited.json");
    std::fs::write(&f, events_file(&["a", "b", "c"])).unwrap();
    let mut h = opened(vec![f.clone()]);
    let data = &h.state().idx.data;
    let c = data.events.iter().position(|e| data.id(e) == "c").unwrap();
    h.state_mut().state.selected = Some(c);
    h.run_steps(2);

    std::fs::write(&f, events_file(&["new", "a", "b", "c"])).unwrap();
    h.state_mut().reload();
    h.state_mut().wait_for_load();
    h.run_steps(2);
    let app = h.state();
    assert_eq!(app.idx.data.events.len(), 4, "the new version is shown");
    let selected = app
        .state
        .selected
        .map(|i| app.idx.data.id(&app.idx.data.events[i]).to_string());
    assert_eq!(selected.as_deref(), Some("c"));
}

/// Opening two files of which one is broken shows the one that loaded, and the banner says
/// which loaded and which did not (not that nothing changed).
#[test]
fn a_multi_file_open_with_a_broken_file_says_which_loaded_and_which_did_not() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-m-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    let broken = dir.join("broken.json");
    std::fs::write(&good, events_file(&["g1", "g2"])).unwrap();
    std::fs::write(&broken, "{\"timeband\": 1, \"events\": [ {\"id\": ").unwrap();
    let mut h = harness(sample_app());
    h.state_mut().open(vec![good.clone(), broken.clone()]);
    h.state_mut().wait_for_load();
    h.run_steps(2);
    assert_eq!(h.state().idx.data.events.len(), 2, "the good file is shown");
    assert!(h.query_by_label("Could not open").is_some());
    assert!(
        h.query_by_label_contains(&format!("{}:1:", broken.display()))
            .is_some()
    );
    assert!(
        h.query_by_label_contains("Now showing good.json, which loaded; not loaded: broken.json")
            .is_some(),
        "the banner names what loaded and what did not"
    );
    assert!(h.query_by_label_contains("unchanged").is_none());
}

/// What a key press may change, to tell that it did something.
fn fingerprint(h: &Harness<'static, TimebandApp>) -> String {
    let a = h.state();
    format!(
        "{:?} {:?} {:?} {:?} {:?} help={} export={} {:?} focus={:?}",
        a.view.t0,
        a.view.t1,
        a.view.cursor,
        a.state.selected,
        a.state.playing,
        a.show_help,
        a.is_export_dialog_open(),
        a.notice,
        h.ctx.memory(|m| m.focused()),
    )
}

/// Every key the help table lists does something: pressed in a fresh window (an event selected,
/// zoomed in on the middle, the cursor there), each changes what the window shows.
#[test]
fn every_key_in_the_help_table_does_something() {
    use timeband::app::help::{APP_KEYS, help_rows};
    use timeband::timeline::input::KEYS;
    let shortcuts: Vec<egui::KeyboardShortcut> = KEYS
        .iter()
        .flat_map(|k| k.keys.iter().copied())
        .chain(APP_KEYS.iter().flat_map(|k| k.keys.iter().copied()))
        .collect();
    let probe = harness(sample_app());
    let rows = help_rows(&probe.ctx);
    for s in &shortcuts {
        let name = probe.ctx.format_shortcut(s);
        assert!(
            rows.iter()
                .any(|(keys, _)| keys.split(", ").any(|k| k == name)),
            "{name} is in the help table"
        );
    }
    assert!(shortcuts.len() >= 15, "{} keys", shortcuts.len());
    for s in shortcuts {
        let mut h = harness(sample_app());
        focus_summit(&mut h);
        let (t0, t1) = (h.state().view.t0, h.state().view.t1);
        let mid = (t0 + t1) / 2.0;
        h.state_mut()
            .view
            .set_range(mid - 3.0 * 86_400.0, mid + 3.0 * 86_400.0, 0.0);
        h.state_mut().view.cursor = mid;
        h.state_mut().state.selected = Some(0);
        h.run_steps(2);
        let before = fingerprint(&h);
        h.key_press_modifiers(s.modifiers, s.logical_key);
        h.run_steps(2);
        assert_ne!(
            fingerprint(&h),
            before,
            "{} did nothing",
            h.ctx.format_shortcut(&s)
        );
    }
}

#[test]
fn the_sample_opens_on_july_to_mid_september_with_shoigus_visit_drawn() {
    let h = harness(sample_app());
    let v = &h.state().view;
    let day = |m, d| timeband::model::time::Civil::date(2023, m, d).to_instant() as f64;
    assert!(
        v.t0 <= day(7, 26) && v.t1 >= day(9, 14),
        "{} {}",
        v.t0,
        v.t1
    );
    assert!(v.t0 >= day(7, 1) && v.t1 <= day(9, 30), "{} {}", v.t0, v.t1);
    // Where the story starts is drawn (a widget per drawn event), and so is the summit.
    let drawn = |text: &str| {
        h.query_all_by_label_contains(text)
            .any(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
    };
    assert!(drawn("Shoigu visits Pyongyang"));
    // The cursor starts on the first event in view, which the detail pane lists under it.
    assert!(
        h.query_all_by_label_contains("Shoigu visits Pyongyang")
            .any(|n| n.accesskit_node().role() == egui::accesskit::Role::Link)
    );
    assert!(
        h.query_by_label("Putin–Kim summit at the Vostochny Cosmodrome")
            .is_some()
    );
    // Lane headers never overlap one another.
    let headers: Vec<egui::Rect> = h
        .query_all_by_label_contains("Lane ")
        .map(|n| n.rect())
        .collect();
    assert!(headers.len() >= 5, "{headers:?}");
    for (i, a) in headers.iter().enumerate() {
        for b in headers.iter().skip(i + 1) {
            assert!(
                !a.shrink(0.5).intersects(b.shrink(0.5)),
                "{a:?} overlaps {b:?}"
            );
        }
    }
}

#[test]
fn aggregated_rows_are_counted_as_counts_not_as_events_in_the_window() {
    // ACLED's weekly counts: each row counts the events of an area in a week, so the window
    // counts rows as "weekly counts" and says how many events they count in all.
    let mut h = harness(sample_app());
    h.state_mut()
        .open(vec!["tests/data/acled-aggregated/weekly.csv".into()]);
    h.state_mut().wait_for_load();
    h.run_steps(3);
    assert_eq!(h.state().idx.data.events.len(), 5);
    assert!(
        h.query_by_label_contains("5 weekly counts · 5 lanes")
            .is_some(),
        "the status bar counts the rows as weekly counts"
    );
    // The events they count (the row left out, 2 events, not among them).
    assert!(
        h.query_by_label_contains("5 weekly counts of 8 events and 8 fatalities in all")
            .is_some(),
        "the detail pane says what the rows count in all"
    );
    assert!(h.query_by_label_contains("5 events").is_none());
    // A lane's header, hovered: its one row is one weekly count.
    let lane = h.get_by_label("Lane Battles").rect();
    h.hover_at(lane.center());
    // Past egui's tooltip delay (half a second) with the pointer still.
    h.run_steps(60);
    assert!(
        h.query_by_label_contains("1 weekly count").is_some(),
        "the lane's tooltip counts its rows as weekly counts"
    );
    assert!(h.query_by_label_contains("1 event\n").is_none());
    // A row selected: its one source and claim, in the singular.
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(3);
    assert!(h.state().state.selected.is_some());
    assert!(h.query_by_label("Sourcing: 1 source, 1 claim").is_some());
    // Its tooltip on the timeline says the same.
    let selected = h.state().state.selected.unwrap();
    let title = {
        let data = &h.state().idx.data;
        data.title(&data.events[selected]).to_string()
    };
    // The event on the timeline, not the detail pane's heading of the same title.
    let event = h
        .query_all_by_label(&title)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .expect("the selected event on the timeline")
        .rect();
    h.hover_at(event.center());
    h.run_steps(60);
    assert!(h.query_by_label("1 source, 1 claim").is_some());
    assert!(h.query_by_label_contains("1 sources").is_none());
}

#[test]
fn a_dense_lane_of_weekly_counts_says_its_rows_and_its_index_adds_up_their_events() {
    // 400 weeks of ten areas' counts, each row counting 3 events, in one lane: too many to
    // draw one by one over the whole extent.
    let dir = std::env::temp_dir().join(format!("timeband-weekly-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("weekly.csv");
    let mut text = String::from("WEEK,COUNTRY,ADMIN1,EVENT_TYPE,EVENTS,FATALITIES\n");
    let first = timeband::model::time::Civil::date(2016, 1, 2).to_instant();
    for week in 0..400 {
        let day = timeband::model::time::format_iso_date(first + week * 7 * 86_400);
        for area in 0..10 {
            text += &format!("{day},Somalia,Area {area},Battles,3,1\n");
        }
    }
    std::fs::write(&file, text).unwrap();
    let mut h = harness(TimebandApp::new(vec![file.clone()], Settings::default()));
    h.state_mut().wait_for_load();
    let idx = h.state().idx.clone();
    assert_eq!(idx.data.events.len(), 4000);
    h.state_mut().view.fit_all(&idx);
    h.run_steps(2);
    let (t0, t1) = (h.state().view.t0, h.state().view.t1);
    // The lane's rows are counted as rows, what they count as events.
    let lane = &idx.lanes[0];
    let rows = lane.count(t0, t1);
    assert_eq!(lane.weighted_count(t0, t1), Some(3 * rows as u64));
    let dense = h.get_by_label_contains("in view");
    let label = dense.accesskit_node().label().unwrap_or_default();
    assert_eq!(label, format!("Battles: {rows} weekly counts in view"));
    // What the bars add up is the layout's (src/timeline/layout/tests.rs).
}

#[test]
fn a_file_whose_records_are_all_left_out_says_so_over_the_empty_timeline() {
    let f = std::path::PathBuf::from("tests/data/real/timesketch/timesketch_invalid_datetime.csv");
    let mut h = opened(vec![f]);
    h.run_steps(2);
    assert!(h.state().idx.data.events.is_empty());
    assert!(
        h.query_by_label("No events: the 4 problems below say why.")
            .is_some()
    );
    // The columns and values a problem quotes are shown in the code font, not in backticks.
    assert!(
        h.query_by_label("line 2 · datetime 2017-09-24 19:01:01 has no time zone (Z, +00:00 or +0000); its instant is not known; this row is left out")
            .is_some()
    );
    assert!(h.query_by_label_contains("`").is_none());
    // A file of GDELT's header and no rows: one problem, of no record.
    let f =
        std::path::PathBuf::from("tests/data/real/gdelt/dinulsyah_gdelt1_CSV.header.fieldids.csv");
    let mut g = opened(vec![f]);
    g.run_steps(2);
    assert!(
        g.query_by_label("No events: the 1 problem below says why.")
            .is_some()
    );
    assert!(g.query_by_label_contains("1 record").is_none());
    // Nothing to play through, and no cursor to say.
    assert!(g.query_by_label("▶ Play").is_none());
    assert!(g.query_by_label_contains("cursor ").is_none());
    // Nothing to step to, and no cursor date to list.
    assert!(
        g.query_by_label_contains("to step to the next event")
            .is_none()
    );
    assert!(g.query_by_label_contains("Under the cursor").is_none());
    // The sample shows no such line.
    let mut h = harness(sample_app());
    h.run_steps(2);
    assert!(h.query_by_label_contains("No events").is_none());
}

#[test]
fn a_log_zooms_in_to_seconds() {
    // Timesketch's events a second apart: zoomed all the way in, a few seconds fill the view
    // and the events stand apart.
    let f = std::path::PathBuf::from("tests/data/real/timesketch/timesketch_sigma_events.csv");
    let mut h = opened(vec![f]);
    h.run_steps(2);
    let at = h.state().view.t0;
    for _ in 0..40 {
        h.state_mut().view.zoom_around(at, 2.0);
    }
    h.run_steps(2);
    let view = &h.state().view;
    let span = view.t1 - view.t0;
    assert!((4.0..=6.0).contains(&span), "{span}");
    // The detail pane names the cursor's moment to the second there.
    let t = timeband::model::time::Civil::date(2015, 7, 24).to_instant() + 19 * 3600 + 62;
    h.state_mut().view.cursor = t as f64;
    h.state_mut()
        .view
        .set_range(t as f64 - 2.0, t as f64 + 3.0, 0.0);
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Under the cursor (24 Jul 2015 19:01:02 UTC")
            .is_some()
    );
}

#[test]
fn lanes_below_the_view_have_a_scroll_bar_that_drags_them() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-scroll-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("lanes.csv");
    let mut text = String::from("title,date,lane\n");
    for i in 0..60 {
        text += &format!("Event {i},2023-09-{:02},Actor {i}\n", i % 28 + 1);
    }
    std::fs::write(&f, text).unwrap();
    let mut h = opened(vec![f]);
    h.run_steps(2);
    assert_eq!(h.state().idx.data.lanes.len(), 60);
    assert_eq!(h.state().state.scroll_y, 0.0);
    let bar = h.get_by_label("Scroll the lanes").rect();
    h.drag_at(bar.center());
    h.run_steps(1);
    for k in 1..=5 {
        h.hover_at(bar.center() + Vec2::new(0.0, 20.0 * k as f32));
        h.run_steps(1);
    }
    h.drop_at(bar.center() + Vec2::new(0.0, 100.0));
    h.run_steps(2);
    assert!(
        h.state().state.scroll_y > 100.0,
        "{}",
        h.state().state.scroll_y
    );
    // Two lanes fit: no bar.
    let f = dir.join("two.csv");
    std::fs::write(
        &f,
        "title,date,lane
A,2023-09-01,X
B,2023-09-02,Y
",
    )
    .unwrap();
    let mut h = opened(vec![f]);
    h.run_steps(2);
    assert!(h.query_by_label("Scroll the lanes").is_none());
}

#[test]
fn the_detail_pane_says_a_status_the_file_does_not_give_is_not_given() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-st-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A sheet with no `status` column: nothing says whether its events are confirmed.
    let f = dir.join("log.csv");
    std::fs::write(&f, "id,title,time\na,A meeting,2023-09-13\n").unwrap();
    let mut h = opened(vec![f]);
    h.state_mut().state.selected = Some(0);
    h.run_steps(3);
    assert!(h.query_by_label("status not given").is_some());
    assert!(h.query_by_label("not given").is_none());
}

#[test]
fn problems_of_several_files_name_each_ones_file() {
    let dir = std::env::temp_dir().join(format!("timeband-ui-p2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = |id: &str| {
        format!(
            r#"{{"timeband": 1, "events": [{{"id": "{id}ok", "title": "Fine", "time": "2023-09-13"}},
  {{"id": "{id}", "title": "Bad", "time": "2023-02-30"}}]}}"#
        )
    };
    let (a, b) = (dir.join("first.json"), dir.join("second.json"));
    std::fs::write(&a, bad("a")).unwrap();
    std::fs::write(&b, bad("b")).unwrap();
    let mut h = opened(vec![a, b]);
    h.state_mut().settings.show_problems = true;
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("2 problems: what was left out")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("first.json, line 2, column")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("second.json, line 2, column")
            .is_some()
    );
    // Not the whole path.
    assert!(
        h.query_by_label_contains(&dir.display().to_string())
            .is_none()
    );
}

#[test]
fn selecting_an_event_with_a_long_link_does_not_widen_the_detail_pane() {
    let f =
        std::path::PathBuf::from("tests/data/real/timelinejs/knightlab_my_own_timeline_sheet.csv");
    let mut h = opened(vec![f]);
    let width =
        |h: &Harness<'static, TimebandApp>| h.state().timeline.as_ref().unwrap().rect.width();
    let before = width(&h);
    let data = h.state().idx.data.clone();
    let i = data
        .events
        .iter()
        .position(|e| data.title(e).contains("women who made it work"))
        .unwrap();
    h.state_mut().state.selected = Some(i);
    h.run_steps(4);
    assert!(h.query_by_label_contains("youtube.com/watch").is_some());
    h.run_steps(6);
    let after = width(&h);
    assert!(
        (before - after).abs() < 1.0,
        "the timeline was {before} px wide, {after} px with the event selected"
    );
}

#[test]
fn an_event_with_no_claims_says_so_instead_of_counting_zero_sources() {
    let f = std::path::PathBuf::from("tests/data/real/timesketch/timesketch_sigma_events.csv");
    let mut h = opened(vec![f]);
    assert!(h.state().idx.data.events[0].claims.is_empty());
    h.state_mut().state.selected = Some(0);
    h.run_steps(3);
    assert!(h.query_by_label("no source or claim").is_some());
    assert!(h.query_by_label_contains("0 sources").is_none());
}

#[test]
fn a_view_that_leaves_events_out_says_how_many_it_holds_and_shows_all_on_a_click() {
    // The sample opens on its busiest months, not on 2015–2023.
    let mut h = harness(sample_app());
    let (a, b) = h.state().idx.extent.unwrap();
    assert!(h.state().view.t0 > a || h.state().view.t1 < b);
    let in_view = |h: &Harness<'static, TimebandApp>| -> Option<usize> {
        h.query_all_by_label_contains(" in view").find_map(|n| {
            let label = n.value()?;
            label
                .strip_prefix("· ")?
                .strip_suffix(" in view")?
                .parse()
                .ok()
        })
    };
    let n = in_view(&h).unwrap();
    let total = h.state().idx.data.events.len();
    assert!(n > 0 && n < total, "{n} of {total}");
    h.get_by_label("Show all").click();
    h.run_steps(3);
    let v = &h.state().view;
    assert!(v.t0 <= a && v.t1 >= b, "the whole span in view");
    assert_eq!(in_view(&h), None);
    assert!(h.query_by_label("Show all").is_none());
}

#[test]
fn the_export_dialog_writes_to_the_file_typed_in_its_box() {
    // No save dialog is needed: a machine without a desktop portal still exports.
    let dir = std::env::temp_dir().join(format!("timeband-ui-ex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("view.png");
    let _ = std::fs::remove_file(&out);
    let mut h = harness(sample_app());
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("Export image").click();
    h.run_steps(2);
    assert!(h.state().is_export_dialog_open());
    let text = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "File");
    text.click();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "File")
        .type_text(&out.display().to_string());
    h.run_steps(2);
    h.get_by_label("Save").click();
    h.run_steps(2);
    let png = std::fs::read(&out).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    assert!(!h.state().is_export_dialog_open());
    assert!(
        h.state()
            .notice
            .as_deref()
            .is_some_and(|n| n.starts_with("Exported the timeline to"))
    );
    // The same name again: the button says it will write over the file.
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("Export image").click();
    h.run_steps(2);
    assert!(h.query_by_label("Replace").is_some());
    assert!(
        h.query_by_label_contains("A file of that name is there")
            .is_some()
    );
    // The whole window is pixels: an .svg name for it is refused, and nothing is written.
    h.get_by_label("The whole window, as on screen").click();
    h.run_steps(1);
    let svg = dir.join("window.svg");
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "File")
        .click();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "File")
        .type_text(&svg.display().to_string());
    h.run_steps(2);
    h.get_by_label("Save").click();
    h.run_steps(3);
    assert!(!svg.exists());
    // Said in the dialog, which stays open.
    assert!(h.state().is_export_dialog_open());
    assert!(
        h.query_by_label_contains("The whole window is saved as PNG")
            .is_some()
    );
}

#[test]
fn a_log_of_seconds_plays_at_a_speed_of_seconds() {
    // Timesketch's sigma events span two seconds: two days a second ended them at once.
    let f = std::path::PathBuf::from("tests/data/real/timesketch/timesketch_sigma_events.csv");
    let h = opened(vec![f]);
    let speed = h.state().view.speed_days_per_sec;
    // The view (five seconds at least) crossed in about half a minute.
    assert!(speed * 86_400.0 < 1.0, "{speed} days a second");
    let text = timeband::timeline::speed_text(speed);
    assert!(text.ends_with(" s/s"), "{text}");
    assert!(
        h.query_all_by_value(&text).next().is_some(),
        "the status bar says {text}"
    );
    // The sample's two months play at two days a second.
    let s = harness(sample_app());
    assert_eq!(s.state().view.speed_days_per_sec, 2.0);
}

#[test]
fn the_detail_pane_of_an_acled_event_stays_within_the_window() {
    let f = std::path::PathBuf::from("tests/data/real/acled/somalia_2025_api_iso_dates.csv");
    let mut h = opened(vec![f]);
    let data = h.state().idx.data.clone();
    let i = data
        .events
        .iter()
        .position(|e| data.title(e) == "Air/drone strike: Balade")
        .unwrap();
    h.state_mut().state.selected = Some(i);
    h.run_steps(4);
    let caption = h.get_by_label_contains("colour: source reliability").rect();
    assert!(caption.right() <= 1440.0, "{caption:?}");
}
#[test]
fn selecting_an_event_keeps_the_timeline_as_wide_as_it_was() {
    // The dating history's header ("How the dating changed: 4 claims in publication order, 3
    // with dates that contradict another's") does not wrap: it widened the pane by 200 points,
    // and the timeline re-packed its rows under the pointer.
    let mut h = harness(sample_app());
    let before = h.state().timeline.as_ref().unwrap().rect.width();
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(3);
    assert!(h.state().state.selected.is_some());
    assert!(h.query_by_label("How the dating changed").is_some());
    let after = h.state().timeline.as_ref().unwrap().rect.width();
    assert!(
        (before - after).abs() < 1.0,
        "{before} points wide, {after} with an event selected"
    );
}
