//! Values worked out from a data set and kept in egui's memory until the data set or the
//! question changes, so that a frame that changes neither does not work them out again.

use crate::model::Dataset;
use std::sync::{Arc, Weak};

/// `compute()`, or what it gave the last time it was asked under `salt` (in `ui`'s scope) for
/// the same data set and `key`. The data set is known by a weak pointer, which keeps its
/// address taken while it lives: a data set loaded later at the old one's address is not taken
/// for it.
pub fn memo<K, V>(
    ui: &egui::Ui,
    salt: &'static str,
    data: &Arc<Dataset>,
    key: K,
    compute: impl FnOnce() -> V,
) -> V
where
    K: PartialEq + Clone + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    let id = ui.scope_id().with(salt);
    if let Some((d, k, v)) = ui.data(|m| m.get_temp::<(Weak<Dataset>, K, V)>(id))
        && k == key
        && std::ptr::eq(d.as_ptr(), Arc::as_ptr(data))
    {
        return v;
    }
    let v = compute();
    ui.data_mut(|m| m.insert_temp(id, (Arc::downgrade(data), key, v.clone())));
    v
}
