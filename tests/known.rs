//! "What was known when", find and filter, driven through the real window with egui_kittest:
//! typing an "as known on" date, dragging on the publication strip, the grade filter and search.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use egui::accesskit::Role;
use egui::{Key, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use timeband::app::{Settings, TimebandApp};
use timeband::model::time::{Civil, format_iso_date};

const SUMMIT: &str = "Putin–Kim summit at the Vostochny Cosmodrome";

fn harness() -> Harness<'static, TimebandApp> {
    let app = TimebandApp::new(Vec::new(), Settings::default());
    let mut h = Harness::builder()
        .with_size(Vec2::new(1440.0, 880.0))
        .build_ui_state(|ui, app: &mut TimebandApp| app.ui(ui), app);
    h.run_steps(3);
    let t = Civil::date(2023, 9, 10).to_instant() as f64;
    h.state_mut()
        .view
        .set_range(t - 25.0 * 86_400.0, t + 20.0 * 86_400.0, 0.0);
    h.run_steps(2);
    h
}

/// Types a date into the toolbar's "As known on" field and leaves it with Enter.
fn type_known_on(h: &mut Harness<'static, TimebandApp>, date: &str) {
    h.get_by_role_and_label(Role::TextInput, "As known on")
        .click();
    h.run_steps(2);
    // Replace what is there.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_role_and_label(Role::TextInput, "As known on")
        .type_text(date);
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(3);
}

fn select_summit(h: &mut Harness<'static, TimebandApp>) {
    h.get_all_by_label(SUMMIT).next().unwrap().click();
    h.run_steps(2);
}

/// The selected event as shown: (earliest, latest, place).
fn selected(h: &Harness<'static, TimebandApp>) -> (String, String, Option<String>) {
    let app = h.state();
    let shown = app.lens.shown(&app.idx);
    let e = &shown.data.events[app.state.selected.expect("an event is selected")];
    assert_eq!(shown.data.id(e), "summit-vostochny");
    (
        format_iso_date(e.time.earliest().unwrap()),
        format_iso_date(e.time.latest().unwrap()),
        e.place.as_deref().map(str::to_string),
    )
}

#[test]
fn on_5_september_the_summit_spans_the_forum_in_vladivostok() {
    let mut h = harness();
    type_known_on(&mut h, "2023-09-05");
    assert_eq!(
        h.state().lens.known_on,
        Some(Civil::date(2023, 9, 5).to_instant())
    );
    select_summit(&mut h);
    let (from, to, place) = selected(&h);
    assert_eq!((from.as_str(), to.as_str()), ("2023-09-10", "2023-09-13"));
    assert!(place.as_deref().unwrap().starts_with("Vladivostok"));
    // The detail pane says so, and the forecast's words are there.
    assert!(h.query_by_label("📍 Vladivostok (likely)").is_some());
    assert!(
        h.query_all_by_label_contains("this month, during the EEF")
            .count()
            > 0
    );
    // The reports of 13 Sep are not there yet: no TASS row 16, no source published on 13 Sep.
    assert_eq!(h.query_all_by_label_contains("Row 16 (13 Sep)").count(), 0);
    let app = h.state();
    let shown = app.lens.shown(&app.idx);
    assert!(!shown.data.sources.iter().any(|s| s.id == "tass-1673965"));
    // And the toolbar says how much is not yet known, and the status bar how much is shown.
    assert!(h.query_by_label_contains("not yet reported").is_some());
    let (shown, loaded) = (shown.data.events.len(), app.idx.data.events.len());
    assert!(shown < loaded);
    assert!(
        h.query_by_label_contains(&format!("{shown} of {loaded} events shown"))
            .is_some()
    );
}

#[test]
fn on_14_september_the_summit_is_on_13_september_at_vostochny() {
    let mut h = harness();
    type_known_on(&mut h, "2023-09-14");
    select_summit(&mut h);
    let (from, to, place) = selected(&h);
    assert_eq!((from.as_str(), to.as_str()), ("2023-09-13", "2023-09-13"));
    assert!(
        place
            .as_deref()
            .unwrap()
            .starts_with("Vostochny Cosmodrome")
    );
    assert!(h.query_all_by_label_contains("Row 16 (13 Sep)").count() > 0);
}

#[test]
fn the_selection_survives_changing_the_date() {
    let mut h = harness();
    type_known_on(&mut h, "2023-09-14");
    select_summit(&mut h);
    type_known_on(&mut h, "2023-09-12");
    let (from, to, _) = selected(&h);
    assert_eq!((from.as_str(), to.as_str()), ("2023-09-11", "2023-09-17"));
    // Clearing the date shows everything again, still selected.
    h.get_by_label("✖").click();
    h.run_steps(3);
    let app = h.state();
    let shown = &app.lens.shown(&app.idx).data;
    let e = &shown.events[app.state.selected.unwrap()];
    assert_eq!(shown.id(e), "summit-vostochny");
    assert_eq!(app.lens.known_on, None);
}

#[test]
fn dragging_on_the_publication_strip_sets_the_date() {
    let mut h = harness();
    let strip = h.get_by_label_contains("Publication strip").rect();
    h.drag_at(strip.center());
    h.run_steps(1);
    h.drop_at(strip.center() + Vec2::new(40.0, 0.0));
    h.run_steps(3);
    let at = h.state().lens.known_on.expect("the drag set a date");
    assert_eq!(at % 86_400, 0, "snaps to a midnight");
    assert!(h.query_by_label_contains("not yet reported").is_some());
}

#[test]
fn space_replays_the_reporting_day_by_day() {
    let mut h = harness();
    type_known_on(&mut h, "2023-09-05");
    // Leave the text field, then Space.
    h.state_mut().view.speed_days_per_sec = 20.0;
    h.key_press(Key::Escape);
    h.run_steps(1);
    h.key_press(Key::Space);
    h.run_steps(10);
    let at = h.state().lens.known_on.unwrap();
    assert!(at > Civil::date(2023, 9, 5).to_instant(), "replay moved on");
    assert_eq!(at % 86_400, 0);
}

#[test]
fn reliability_b_or_better_hides_c_graded_claims_and_says_how_many() {
    let mut h = harness();
    select_summit(&mut h);
    assert!(
        h.query_all_by_label("C3").count() > 0,
        "C-graded claims shown"
    );
    h.get_by_label("Filters").click();
    h.run_steps(2);
    h.get_by_label("Source reliability").click();
    h.run_steps(2);
    h.get_by_label("B or better — usually reliable").click();
    h.run_steps(3);
    let app = h.state();
    assert_eq!(
        app.lens.filter.min_reliability,
        Some(timeband::model::Reliability::B)
    );
    let hidden_claims = app.lens.claims_hidden_by_filter;
    let hidden_events = app.lens.hidden_by_filter;
    assert!(hidden_claims > 0);
    // The toolbar says how many.
    let says = format!("{hidden_events} events hidden by filters, {hidden_claims} claims hidden");
    assert!(h.query_by_label(&says).is_some(), "{says}");
    // The summit is still selected, with no C- or D-graded claim left in the detail pane.
    let shown = app.lens.shown(&app.idx);
    let e = &shown.data.events[app.state.selected.unwrap()];
    assert_eq!(shown.data.id(e), "summit-vostochny");
    assert_eq!(h.query_all_by_label("C3").count(), 0);
    assert_eq!(h.query_all_by_label("C2").count(), 0);
    assert_eq!(h.query_all_by_label("D3").count(), 0);
}

#[test]
fn ctrl_f_finds_and_enter_steps_through_matches() {
    let mut h = harness();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    h.get_by_role_and_label(Role::TextInput, "🔍")
        .type_text("vostochny");
    h.run_steps(3);
    let n = h.state().lens.search.matches.len();
    assert!(n >= 3, "{n} matches");
    assert!(
        h.query_all_by_label(&format!("{n} matching events"))
            .count()
            > 0
    );
    h.key_press(Key::Enter);
    h.run_steps(2);
    let first = h
        .state()
        .state
        .selected
        .expect("Enter selects the first match");
    h.key_press(Key::Enter);
    h.run_steps(2);
    let second = h.state().state.selected.unwrap();
    assert_ne!(first, second);
    assert!(
        h.query_by_label(&format!("2 of {n} matching events"))
            .is_some()
    );
}

#[test]
fn the_detail_pane_shows_how_the_dating_changed_and_contradictions() {
    let mut h = harness();
    select_summit(&mut h);
    assert!(
        h.query_by_label_contains("How the dating changed")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("claims in publication order")
            .is_some()
    );
    // The forecasts' date spans all overlap the 13th, so none contradict by date; the places do:
    // Vladivostok against the Vostochny Cosmodrome.
    assert_eq!(
        h.query_all_by_label_contains("⚠ dates contradict").count(),
        0
    );
    assert!(h.query_all_by_label_contains("place differs from:").count() > 0);
    assert!(h.query_all_by_label_contains("⬅ the dates shown").count() > 0);
}

#[test]
fn times_show_in_utc_or_the_events_own_offset() {
    let mut h = harness();
    // Select the missile launch (written 11:43 KST), then switch the clock.
    let data = &h.state().idx.data;
    let i = data
        .events
        .iter()
        .position(|e| data.id(e) == "missiles-during-summit")
        .unwrap();
    h.state_mut().state.selected = Some(i);
    h.run_steps(2);
    assert!(h.query_by_label("13 Sep 2023 02:43 UTC").is_some());
    h.get_by_label("Times").click();
    h.run_steps(2);
    h.get_by_label("each event's own offset").click();
    h.run_steps(2);
    assert_eq!(h.state().view.zone, timeband::timeline::zone::Zone::Event);
    assert!(h.query_by_label("13 Sep 2023 11:43 (UTC+09:00)").is_some());
}

#[test]
fn a_large_data_set_is_projected_in_the_background() {
    let path =
        std::env::temp_dir().join(format!("timeband-known-large-{}.json", std::process::id()));
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    timeband::generate::generate(&mut f, 60_000, 3, timeband::generate::GenFormat::Json).unwrap();
    drop(f);
    let mut app = TimebandApp::new(vec![path.clone()], Settings::default());
    app.wait_for_load();
    let total = app.idx.data.events.len();
    assert_eq!(total, 60_000);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1440.0, 880.0))
        .build_ui_state(|ui, app: &mut TimebandApp| app.ui(ui), app);
    h.run_steps(2);
    let (lo, hi) = h.state().idx.data.extent().unwrap();
    h.state_mut().lens.set_known_on(Some((lo + hi) / 2));
    h.run_steps(1);
    // The frame came back at once; the projection arrives later.
    let mut frames = 0;
    while h.state().lens.is_deriving() && frames < 2_000 {
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(1);
        frames += 1;
    }
    h.run_steps(1);
    let app = h.state();
    let shown = app.lens.shown(&app.idx).data.events.len();
    assert!(shown > 0 && shown < total, "{shown} of {total}");

    // Searching a large data set runs in the background too; the matches arrive and are counted.
    h.state_mut().lens.search.query = "Fenwick".into();
    h.run_steps(1);
    let expected = {
        let app = h.state();
        let data = &app.lens.shown(&app.idx).data;
        data.events
            .iter()
            .filter(|e| {
                data.title(e).to_lowercase().contains("fenwick")
                    || e.place
                        .as_deref()
                        .is_some_and(|p| p.to_lowercase().contains("fenwick"))
                    || e.claims.iter().any(|c| {
                        c.said.to_lowercase().contains("fenwick")
                            || data.sources[c.source as usize]
                                .name
                                .to_lowercase()
                                .contains("fenwick")
                    })
            })
            .count()
    };
    let mut frames = 0;
    while h.state().lens.search.matches.len() != expected && frames < 2_000 {
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(1);
        frames += 1;
    }
    assert!(expected > 1000, "{expected}");
    assert_eq!(h.state().lens.search.matches.len(), expected);
    let _ = std::fs::remove_file(&path);
}

/// Steps the window until the lens has derived what it was asked for (a second at most).
fn wait_for_lens(h: &mut Harness<'static, TimebandApp>) {
    for _ in 0..50 {
        h.run_steps(1);
        if !h.state().lens.is_deriving() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run_steps(2);
}

/// The window on Somalia's ACLED export (tests/data/real/acled, SOURCES.md).
fn somalia() -> Harness<'static, TimebandApp> {
    let f = std::path::PathBuf::from("tests/data/real/acled/somalia_2025_api_iso_dates.csv");
    let mut app = TimebandApp::new(vec![f], Settings::default());
    app.wait_for_load();
    let mut h = Harness::builder()
        .with_size(Vec2::new(1440.0, 880.0))
        .build_ui_state(|ui, app: &mut TimebandApp| app.ui(ui), app);
    h.run_steps(3);
    h
}

#[test]
fn the_source_filter_lists_each_name_once_and_keeps_all_its_sources() {
    // ACLED's rows make a source of each outlet and date: Somalia's file has 105 sources of 25
    // names, "ACLED" among them on every row.
    let mut h = somalia();
    let data = h.state().idx.data.clone();
    let acled: Vec<&str> = data
        .sources
        .iter()
        .filter(|s| s.name == "ACLED")
        .map(|s| s.id.as_str())
        .collect();
    assert!(acled.len() > 1, "{} ACLED sources", acled.len());
    h.get_by_label("Filters").click();
    h.run_steps(2);
    assert_eq!(h.query_all_by_label("ACLED").count(), 1);
    h.get_by_label("ACLED").click();
    wait_for_lens(&mut h);
    let app = h.state();
    assert_eq!(app.lens.filter.sources.len(), acled.len());
    assert!(acled.iter().all(|id| app.lens.filter.sources.contains(*id)));
    // Every event cites ACLED: all of them stay.
    assert_eq!(
        app.lens.shown(&app.idx).data.events.len(),
        data.events.len()
    );
}

#[test]
fn as_known_on_says_acled_dates_its_records_by_their_last_change() {
    let mut h = somalia();
    assert!(
        h.query_by_label_contains("dated by their last change")
            .is_none()
    );
    h.state_mut()
        .lens
        .set_known_on(Some(timeband::lens::parse_as_of("2025-07-01").unwrap()));
    h.run_steps(3);
    assert!(
        h.query_by_label("⚠ records dated by their last change")
            .is_some()
    );
    // The sample's publication dates are the outlets' own: nothing to say.
    let mut s = harness();
    s.state_mut()
        .lens
        .set_known_on(Some(timeband::lens::parse_as_of("2023-09-05").unwrap()));
    s.run_steps(3);
    assert!(
        s.query_by_label_contains("dated by their last change")
            .is_none()
    );
}

#[test]
fn a_ghost_says_its_reports_came_out_later_not_that_it_has_none() {
    let mut h = harness();
    h.state_mut().lens.ghosts = true;
    h.state_mut()
        .lens
        .set_known_on(Some(timeband::lens::parse_as_of("2023-08-01").unwrap()));
    wait_for_lens(&mut h);
    let app = h.state();
    let shown = app.lens.shown(&app.idx);
    let ghost = (0..shown.data.events.len())
        .find(|&i| {
            shown.data.events[i].claims.is_empty()
                && app
                    .lens
                    .original_of(i)
                    .is_some_and(|o| !app.idx.data.events[o].claims.is_empty())
        })
        .expect("a ghost");
    h.state_mut().state.selected = Some(ghost);
    h.run_steps(3);
    assert!(
        h.query_by_label_contains("none published by the \"as known on\" date")
            .is_some()
    );
    assert!(h.query_by_label("no source or claim").is_none());
}

#[test]
fn an_acled_dating_chart_says_its_publication_is_a_last_change() {
    let mut h = somalia();
    let data = h.state().idx.data.clone();
    let i = data
        .events
        .iter()
        .position(|e| e.claims.iter().any(|c| c.time.is_some()))
        .unwrap();
    h.state_mut().state.selected = Some(i);
    h.run_steps(3);
    assert!(h.query_by_label_contains("Dating chart").is_some());
    assert!(
        h.query_by_label("⚠ records dated by their last change")
            .is_some()
    );
}
