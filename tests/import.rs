//! The import dialog and "Lanes by", driven in the real window with egui_kittest: a sheet whose
//! columns are not recognised opens the dialog, columns are picked by clicking, Load loads; the
//! choice is remembered for the same header; the toolbar's "Lanes by" re-derives the lanes and
//! keeps the selection.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use egui::Vec2;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use timeband::app::{Settings, TimebandApp};

fn harness(app: TimebandApp) -> Harness<'static, TimebandApp> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1440.0, 900.0))
        .build_ui_state(|ui, app: &mut TimebandApp| app.ui(ui), app);
    h.run_steps(3);
    h
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("timeband-import-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A sheet whose date column has a name no loader knows.
const UNRECOGNISED: &str = "Name,field_date,notes
Founding of the library,1891-05-02,first reading room
The new wing,1932,built with the city's help
Flood,1955-08-19,closed for a year
The lost charter,Unknown,never found
";

/// Scrolls the widget labelled `label` into view (a long list scrolls), moves the pointer onto
/// it, then clicks it, as a hand would.
fn click(h: &mut Harness<'static, TimebandApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run_steps(2);
    h.get_by_label(label).hover();
    h.run_steps(1);
    h.get_by_label(label).click();
    h.run_steps(2);
}

/// Clicks the combo box for `role` in the import dialog, then the entry `column`.
fn pick(h: &mut Harness<'static, TimebandApp>, role: &str, column: &str) {
    h.get_by_role_and_label(Role::ComboBox, role).click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, column).hover();
    h.run_steps(1);
    h.get_by_role_and_label(Role::Button, column).click();
    h.run_steps(2);
}

/// Waits for the dialog's trial load and shows its outcome.
fn settle_dialog(h: &mut Harness<'static, TimebandApp>) {
    h.run_steps(1);
    if let Some(d) = h.state_mut().import.as_mut() {
        d.wait_for_trial();
    }
    h.run_steps(2);
}

fn open_and_wait(h: &mut Harness<'static, TimebandApp>, f: &Path) {
    h.state_mut().open(vec![f.to_path_buf()]);
    h.state_mut().wait_for_load();
    h.run_steps(3);
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

/// Clicks the dialog's Load and waits for the load to be shown.
fn load_and_wait(h: &mut Harness<'static, TimebandApp>) {
    h.get_by_label("Load").click();
    h.run_steps(2);
    h.state_mut().wait_for_load();
    h.run_steps(3);
}

fn year_of(app: &TimebandApp, title: &str) -> i64 {
    let e = app
        .idx
        .data
        .events
        .iter()
        .find(|e| app.idx.data.title(e) == title)
        .unwrap_or_else(|| panic!("{title} loaded"));
    let t = e.time.earliest_start.instant().unwrap();
    timeband::model::time::Civil::from_instant(t).year
}

#[test]
fn unrecognised_columns_open_the_dialog_and_picked_columns_load() {
    let f = dir("pick").join("library.csv");
    std::fs::write(&f, UNRECOGNISED).unwrap();
    let mut h = harness(TimebandApp::new(Vec::new(), Settings::default()));
    let sample_events = h.state().idx.data.events.len();
    open_and_wait(&mut h, &f);
    // No bare error: the dialog, with the data set before still shown.
    assert!(h.state().import.is_some(), "the import dialog is open");
    assert!(h.state().error.is_none());
    assert!(h.query_by_label("Import library.csv").is_some());
    assert_eq!(h.state().idx.data.events.len(), sample_events);
    assert!(
        h.query_by_label_contains("found no title or no date")
            .is_some()
    );
    // The preview shows the rows; the title and summary are preselected as loading finds them.
    assert!(h.query_by_label("Founding of the library").is_some());
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "title")
            .is_some_and(|n| n.value().as_deref() == Some("Name"))
    );
    settle_dialog(&mut h);
    assert!(h.query_by_label_contains("Would not load").is_some());

    pick(&mut h, "time", "field_date");
    settle_dialog(&mut h);
    assert!(
        h.query_by_label("3 events would load (read over the whole file)")
            .is_some()
    );
    assert!(
        h.query_by_label("ISO 8601 / EDTF").is_some(),
        "the date rule is said"
    );
    // What would be left out, and why: the row without a date, by its line.
    assert!(
        h.query_by_label_contains("1 problem (rows left out")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("• 5:").is_some(),
        "the problem names its line"
    );
    load_and_wait(&mut h);
    let app = h.state();
    assert!(app.import.is_none(), "the dialog closed");
    assert_eq!(app.files, vec![f.clone()]);
    assert_eq!(app.idx.data.events.len(), 3);
    assert_eq!(year_of(app, "Flood"), 1955);
    assert_eq!(year_of(app, "The new wing"), 1932);
    let flood = app
        .idx
        .data
        .events
        .iter()
        .find(|e| app.idx.data.title(e) == "Flood")
        .unwrap();
    assert_eq!(
        app.idx.data.summary(flood).as_deref(),
        Some("closed for a year")
    );
    // Remembered under the header line, as --map would give it.
    let saved = app.settings_to_save();
    let r = saved
        .imports
        .iter()
        .find(|r| r.header == "Name,field_date,notes")
        .expect("the mapping is remembered");
    assert!(r.map.contains(&("time".into(), "field_date".into())));
    assert!(r.map.contains(&("title".into(), "Name".into())));
}

#[test]
fn a_file_with_a_remembered_header_loads_without_the_dialog() {
    let d = dir("remember");
    let first = d.join("first.csv");
    std::fs::write(&first, UNRECOGNISED).unwrap();
    let mut h = harness(TimebandApp::new(Vec::new(), Settings::default()));
    open_and_wait(&mut h, &first);
    pick(&mut h, "time", "field_date");
    settle_dialog(&mut h);
    load_and_wait(&mut h);
    let settings = h.state().settings_to_save();

    // Another run of the window, with what the first saved: a new file, the same header.
    let second = d.join("second.csv");
    std::fs::write(
        &second,
        "Name,field_date,notes\nA later flood,1972-06-23,\nThe archive opens,1990,\n",
    )
    .unwrap();
    let mut h = harness(TimebandApp::new(Vec::new(), settings));
    open_and_wait(&mut h, &second);
    let app = h.state();
    assert!(app.import.is_none(), "no dialog for a remembered header");
    assert!(app.error.is_none());
    assert_eq!(app.files, vec![second.clone()]);
    assert_eq!(app.idx.data.events.len(), 2);
    assert_eq!(year_of(app, "A later flood"), 1972);

    // File ▸ Import… on it preselects the remembered columns.
    h.state_mut().open_import(&second, false);
    h.run_steps(2);
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "time")
            .is_some_and(|n| n.value().as_deref() == Some("field_date"))
    );
}

#[test]
fn import_on_a_real_collection_sheet_previews_it_and_loads_the_same_as_open() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/real/collections/digbmc_germantown_ywca_collectionbuilder_timeline.csv");
    let mut h = harness(TimebandApp::new(Vec::new(), Settings::default()));
    h.state_mut().open_import(&f, false);
    settle_dialog(&mut h);
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "end")
            .is_some_and(|n| n.value().as_deref() == Some("end_date"))
    );
    assert!(
        h.query_by_label("12 events would load (read over the whole file)")
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains("read as its own event arc_001 (line 9)")
            .count()
            >= 1,
        "the reused id is said before loading"
    );
    assert!(
        h.query_all_by_label_contains("mm/dd/yyyy").count() >= 2,
        "the date rules of `date` and `end_date` are said"
    );
    // Choosing no end column: the intervals become single dates.
    pick(&mut h, "end", "(none)");
    settle_dialog(&mut h);
    load_and_wait(&mut h);
    let app = h.state();
    let branch = app
        .idx
        .data
        .events
        .iter()
        .find(|e| app.idx.data.title(e) == "YWCA Colored Branch")
        .unwrap();
    assert_eq!(&*branch.time.written, "1917", "no end read from end_date");
}

#[test]
fn a_workbook_whose_first_worksheet_is_a_cover_opens_the_dialog_and_another_worksheet_loads() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/workbook/cover-first.xlsx");
    let mut h = harness(TimebandApp::new(Vec::new(), Settings::default()));
    let sample_events = h.state().idx.data.events.len();
    open_and_wait(&mut h, &f);
    // The cover page has no events: the dialog says so, of that worksheet, and offers the others.
    assert!(h.state().import.is_some(), "the import dialog is open");
    assert_eq!(h.state().idx.data.events.len(), sample_events);
    assert!(
        h.query_by_label_contains("the columns of the worksheet “About”")
            .is_some()
    );
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "Worksheet")
            .is_some_and(|n| n.value().as_deref() == Some("About"))
    );
    // The visible worksheets only: the hidden "Lists" is not offered.
    h.get_by_role_and_label(Role::ComboBox, "Worksheet").click();
    h.run_steps(2);
    assert!(h.query_by_role_and_label(Role::Button, "Lists").is_none());
    h.get_by_role_and_label(Role::Button, "Incidents").hover();
    h.run_steps(1);
    h.get_by_role_and_label(Role::Button, "Incidents").click();
    h.run_steps(2);
    settle_dialog(&mut h);
    // Its rows previewed, its columns found as loading finds them, and no warning left.
    assert!(h.query_by_label("Border closed").is_some());
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "title")
            .is_some_and(|n| n.value().as_deref() == Some("Title"))
    );
    assert!(h.query_by_label_contains("found no title").is_none());
    assert!(
        h.query_by_label("3 events would load (read over the whole file)")
            .is_some()
    );
    load_and_wait(&mut h);
    let app = h.state();
    assert!(app.import.is_none(), "the dialog closed");
    assert_eq!(app.idx.data.events.len(), 3);
    assert_eq!(year_of(app, "Talks resume"), 2024);
    // Remembered under the cover's header: the next window reads "Incidents" by itself.
    let settings = app.settings_to_save();
    let r = settings
        .imports
        .iter()
        .find(|r| r.sheet.as_deref() == Some("Incidents"))
        .expect("the worksheet is remembered");
    // The cover's header line, as the CSV text its cells make.
    assert_eq!(r.header, "\"Incident log, exported 3 March 2024\"");
    let mut h = harness(TimebandApp::new(Vec::new(), settings));
    open_and_wait(&mut h, &f);
    assert!(
        h.state().import.is_none(),
        "no dialog for a remembered worksheet"
    );
    assert_eq!(h.state().idx.data.events.len(), 3);
    // File ▸ Import… on it shows the remembered worksheet.
    h.state_mut().open_import(&f, false);
    h.run_steps(2);
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "Worksheet")
            .is_some_and(|n| n.value().as_deref() == Some("Incidents"))
    );
}

#[test]
fn lanes_by_switches_lanes_off_the_ui_thread_and_keeps_the_selection() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/acled-sample.csv");
    let mut h = harness(TimebandApp::new(Vec::new(), Settings::default()));
    open_and_wait(&mut h, &f);
    assert_eq!(h.state().lanes.name(), "event_type");
    assert_eq!(h.state().idx.data.lanes.len(), 3);
    assert!(
        h.query_by_label_contains("3 lanes by event_type").is_some(),
        "the status bar says what the lanes are by"
    );
    let data = &h.state().idx.data;
    let i = data
        .events
        .iter()
        .position(|e| data.id(e) == "XYZ1002")
        .unwrap();
    h.state_mut().state.selected = Some(i);
    h.run_steps(2);
    let range = (h.state().view.t0, h.state().view.t1);

    h.get_by_role_and_label(Role::ComboBox, "Lanes by").click();
    // The number of lanes each field makes is counted on another thread.
    assert!(step_until(&mut h, 10, |h| h
        .query_by_label("admin1  (2)")
        .is_some()));
    click(&mut h, "admin1  (2)");
    h.state_mut().wait_for_lanes();
    h.run_steps(3);
    let app = h.state();
    assert_eq!(app.lanes.name(), "admin1");
    let lanes: Vec<&str> = app
        .idx
        .data
        .lanes
        .iter()
        .map(|l| l.label.as_str())
        .collect();
    assert_eq!(lanes, vec!["Province One", "Province Two"]);
    let selected = app
        .state
        .selected
        .map(|s| app.idx.data.id(&app.idx.data.events[s]).to_string());
    assert_eq!(
        selected.as_deref(),
        Some("XYZ1002"),
        "the same event stays selected"
    );
    assert_eq!((app.view.t0, app.view.t1), range, "the time range stays");
    assert!(h.query_by_label_contains("2 lanes by admin1").is_some());

    // And back to event types.
    h.get_by_role_and_label(Role::ComboBox, "Lanes by").click();
    h.run_steps(2);
    click(&mut h, "event_type  (3)");
    h.state_mut().wait_for_lanes();
    h.run_steps(3);
    assert_eq!(h.state().idx.data.lanes.len(), 3);
    assert_eq!(h.state().lanes.name(), "event_type");
}

#[test]
fn the_lanes_picker_calls_a_files_own_lanes_the_files_lanes() {
    // The sample's lanes are its own `lane`s: "Lanes by lane" said nothing.
    let mut h = harness(TimebandApp::new(Vec::new(), Settings::default()));
    assert_eq!(h.state().lanes.name(), "lane");
    let combo = h.get_by_role_and_label(Role::ComboBox, "Lanes by");
    assert_eq!(combo.value().as_deref(), Some("the file's lanes"));
    combo.click();
    assert!(step_until(&mut h, 10, |h| h
        .query_by_label_contains("the file's lanes  (")
        .is_some()));
    assert!(h.query_by_label_contains("lane  (").is_none());
}

#[test]
fn the_import_dialog_opens_below_the_menu_bar() {
    let f = dir("below").join("library.csv");
    std::fs::write(&f, UNRECOGNISED).unwrap();
    let mut h = harness(TimebandApp::new(Vec::new(), Settings::default()));
    open_and_wait(&mut h, &f);
    settle_dialog(&mut h);
    let menu = h.get_by_label("File").rect();
    let title = h.get_by_label("Import library.csv").rect();
    assert!(
        title.min.y > menu.max.y,
        "the dialog's title {title:?} is below the menu {menu:?}"
    );
    // The menu is still there to click.
    h.get_by_label("File").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("Open…").is_some());
}
