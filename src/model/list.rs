//! `List<T>`: a shared, immutable list one pointer wide (its length lies beside its items, in
//! the same allocation), for the lists every event holds (claims, tags). `Arc<[T]>` is two
//! words; a million events save 8 bytes a list.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// A shared list: cloning it shares the items; it reads as a slice.
pub struct List<T>(triomphe::ThinArc<(), T>);

impl<T> List<T> {
    /// Whether both are the same list (not only equal items).
    pub fn ptr_eq(a: &List<T>, b: &List<T>) -> bool {
        a.0.heap_ptr() == b.0.heap_ptr()
    }
}

impl<T> Clone for List<T> {
    fn clone(&self) -> List<T> {
        List(self.0.clone())
    }
}

impl<T> Deref for List<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0.slice
    }
}

impl<T> Borrow<[T]> for List<T> {
    fn borrow(&self) -> &[T] {
        self
    }
}

impl<T> AsRef<[T]> for List<T> {
    fn as_ref(&self) -> &[T] {
        self
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> List<T> {
        List(triomphe::ThinArc::from_header_and_iter(
            (),
            items.into_iter(),
        ))
    }
}

impl<T: Clone> From<&[T]> for List<T> {
    fn from(items: &[T]) -> List<T> {
        List(triomphe::ThinArc::from_header_and_iter(
            (),
            items.iter().cloned(),
        ))
    }
}

impl<T, const N: usize> From<[T; N]> for List<T> {
    fn from(items: [T; N]) -> List<T> {
        List(triomphe::ThinArc::from_header_and_iter(
            (),
            items.into_iter(),
        ))
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> List<T> {
        Vec::from_iter(iter).into()
    }
}

impl<T> Default for List<T> {
    fn default() -> List<T> {
        Vec::new().into()
    }
}

impl<T: PartialEq> PartialEq for List<T> {
    fn eq(&self, other: &List<T>) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for List<T> {}

/// Hashes as its slice does, so a set of lists can be asked with a slice.
impl<T: Hash> Hash for List<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl<T: fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn a_list_is_one_pointer_wide_and_reads_as_its_items() {
        assert_eq!(
            std::mem::size_of::<List<u64>>(),
            std::mem::size_of::<usize>()
        );
        let a: List<u32> = vec![3, 1, 2].into();
        assert_eq!(&*a, &[3, 1, 2]);
        assert_eq!(a.len(), 3);
        let empty: List<u32> = List::default();
        assert!(empty.is_empty());
        let b = a.clone();
        assert!(List::ptr_eq(&a, &b));
        let c: List<u32> = [3, 1, 2].into();
        assert_eq!(a, c);
        assert!(!List::ptr_eq(&a, &c));
        let set: HashSet<List<u32>> = [a].into_iter().collect();
        assert!(set.contains(&[3, 1, 2][..]));
        assert!(!set.contains(&[3, 1][..]));
    }
}
