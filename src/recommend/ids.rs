//! Id → index lookup on the request path. Movie and user ids are usually dense-ish integers,
//! so a flat table beats hashing; sparse ids fall back to a hash map with a cheap
//! multiplicative hasher (SipHash's DoS resistance buys nothing for our own ids).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Fibonacci-multiplicative hasher for integer keys.
#[derive(Default, Clone, Copy)]
pub struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, v: i64) {
        self.0 = (v as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub type IntMap<V> = HashMap<i64, V, BuildHasherDefault<IntHasher>>;

/// Maps ids to dense indices.
#[derive(Clone, Debug)]
pub enum IdIndex {
    /// `table[id - min]`, `u32::MAX` for absent ids.
    Dense {
        min: i64,
        table: Vec<u32>,
    },
    Sparse(IntMap<u32>),
}

impl Default for IdIndex {
    fn default() -> Self {
        IdIndex::Sparse(IntMap::default())
    }
}

impl IdIndex {
    /// `ids[i]` gets index i.
    pub fn new(ids: &[i64]) -> Self {
        let (Some(&min), Some(&max)) = (ids.iter().min(), ids.iter().max()) else {
            return Self::default();
        };
        let span = (max as i128 - min as i128 + 1) as u128;
        // A table up to 8 slots per id (and at most 64M slots) is worth its memory.
        if span <= (8 * ids.len() as u128).max(1 << 16) && span <= 1 << 26 {
            let mut table = vec![u32::MAX; span as usize];
            for (i, &id) in ids.iter().enumerate() {
                table[(id - min) as usize] = i as u32;
            }
            IdIndex::Dense { min, table }
        } else {
            IdIndex::Sparse(
                ids.iter()
                    .enumerate()
                    .map(|(i, &id)| (id, i as u32))
                    .collect(),
            )
        }
    }

    #[inline]
    pub fn get(&self, id: i64) -> Option<u32> {
        match self {
            IdIndex::Dense { min, table } => {
                let off = id.checked_sub(*min)?;
                let v = *table.get(usize::try_from(off).ok()?)?;
                (v != u32::MAX).then_some(v)
            }
            IdIndex::Sparse(m) => m.get(&id).copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_agree() {
        let ids = [5i64, 9, 7];
        let d = IdIndex::new(&ids);
        assert!(matches!(d, IdIndex::Dense { .. }));
        let s = IdIndex::new(&[5, 1 << 40, -3]);
        assert!(matches!(s, IdIndex::Sparse(_)));
        assert_eq!(
            (d.get(9), d.get(8), d.get(4), d.get(i64::MIN)),
            (Some(1), None, None, None)
        );
        assert_eq!(
            (s.get(1 << 40), s.get(-3), s.get(6)),
            (Some(1), Some(2), None)
        );
    }
}
