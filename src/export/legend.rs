//! Which of the legend's entries an exported picture uses, so its legend explains what is drawn
//! and nothing else. Decided from the events laid out in view, by the same properties that
//! `timeline::paint::paint_event` draws them by.

use crate::index::Indexed;
use crate::model::{Bound, Status};
use crate::timeline::layout::Layout;
use crate::timeline::paint::is_hypothetical;

/// The legend entries (`timeline::paint::legend::paint_legend_of`'s kinds) that the placed events use; the
/// cursor entry when the cursor or a selection is drawn. Events laid out beyond `visible` (the
/// layout looks a little past the edges) do not count.
pub fn used_kinds(
    idx: &Indexed,
    layout: &Layout,
    visible: egui::Rect,
    cursor_or_selection: bool,
) -> Vec<&'static str> {
    let mut used = [false; 10];
    let kinds = [
        "core",
        "band",
        "point",
        "approx",
        "uncertain",
        "open",
        "unknown",
        "likely",
        "denied",
        "cursor",
    ];
    for lane in &layout.lanes {
        for placed in &lane.items {
            let in_view = placed.x1 >= visible.left()
                && placed.x0 <= visible.right()
                && visible.y_range().contains(placed.y);
            if !in_view {
                continue;
            }
            let Some(e) = idx.data.events.get(placed.event) else {
                continue;
            };
            let t = &e.time;
            let q = t.qualifiers.overall;
            let open = t.earliest_start == Bound::OPEN || t.latest_end == Bound::OPEN;
            let unknown = t.earliest_start == Bound::UNKNOWN || t.latest_end == Bound::UNKNOWN;
            let imprecise = t.earliest_start != t.latest_start || t.earliest_end != t.latest_end;
            let flags = [
                t.core().is_some(),
                imprecise || open || unknown,
                t.core().is_none(),
                q.approximate,
                q.uncertain,
                open,
                unknown,
                is_hypothetical(e),
                e.status == Status::Denied,
                false,
            ];
            for (u, f) in used.iter_mut().zip(flags) {
                *u |= f;
            }
        }
    }
    if let Some(c) = used.last_mut() {
        *c = cursor_or_selection;
    }
    kinds
        .into_iter()
        .zip(used)
        .filter_map(|(k, u)| u.then_some(k))
        .collect()
}
