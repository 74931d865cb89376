//! Averaged perceptron over hashed sparse features, shared by the tagger, the parser and the
//! labeller.
//!
//! Features are 64-bit hashes of a template id and its values ([`feat`]), so no string is built
//! per token. Training keeps one sparse row per feature with lazy averaging (Collins 2002; the
//! timestamp trick of Daumé's thesis). A trained model is frozen into [`Frozen`]: an
//! open-addressed table of rows whose entries are laid out contiguously, so scoring one instance
//! is a handful of cache lines and nothing is allocated.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::binio::{BinError, Reader, Writer};

/// Mixes a value into a running feature hash (a multiply-xorshift step; statistically good
/// enough for feature hashing and much cheaper than SipHash).
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    // Rotating first keeps mix(x, x) from collapsing to a constant.
    let x = (h.rotate_left(26) ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 29)
}

/// Hash of a template id and its values.
#[inline]
pub fn feat(template: u64, values: &[u64]) -> u64 {
    let mut h = mix(0x51_7C_C1_B7_27_22_0A_95, template);
    for &v in values {
        h = mix(h, v);
    }
    // 0 marks an empty slot in the frozen table.
    h | 1
}

/// FNV-1a of a string: stable across runs and platforms (models store these hashes).
#[inline]
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// Keys are already hashes: one multiply spreads them over the table (SipHash would cost more
/// than the rest of a lookup).
#[derive(Default)]
pub struct PrehashedHasher(u64);

impl Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map keyed by a hash the caller computed.
pub type HashKeyMap<V> = HashMap<u64, V, BuildHasherDefault<PrehashedHasher>>;

#[derive(Clone, Copy)]
struct Cell {
    class: u16,
    weight: f32,
    /// Sum of the weight over all past instances, up to `stamp`.
    total: f64,
    stamp: u32,
}

/// A perceptron being trained.
pub struct Trainer {
    n_classes: usize,
    rows: HashKeyMap<Vec<Cell>>,
    /// Instances seen so far: the averaging clock.
    time: u32,
}

impl Trainer {
    /// A trainer for `n_classes` classes.
    pub fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            rows: HashKeyMap::default(),
            time: 0,
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Adds the current (non-averaged) weights of `feats` into `scores`.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for cell in row {
                    scores[cell.class as usize] += cell.weight;
                }
            }
        }
    }

    /// Advances the averaging clock by one instance. Call once per training instance.
    pub fn tick(&mut self) {
        self.time += 1;
    }

    /// Moves weight from `guess` to `truth` on every feature of the instance.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let now = self.time;
                match row.iter_mut().find(|c| c.class as usize == class) {
                    Some(cell) => {
                        cell.total += f64::from(cell.weight) * f64::from(now - cell.stamp);
                        cell.stamp = now;
                        cell.weight += delta;
                    }
                    None => row.push(Cell {
                        class: class as u16,
                        weight: delta,
                        total: 0.0,
                        stamp: now,
                    }),
                }
            }
        }
    }

    /// Averages the weights and freezes them, dropping entries whose averaged magnitude is below
    /// `min_weight` (they change almost no decision and cost memory and time).
    pub fn freeze(&self, min_weight: f32) -> Frozen {
        let now = f64::from(self.time.max(1));
        let mut keys: Vec<u64> = self.rows.keys().copied().collect();
        keys.sort_unstable();
        let mut rows = Vec::with_capacity(keys.len());
        for key in keys {
            let mut entries: Vec<(u16, f32)> = self.rows[&key]
                .iter()
                .map(|c| {
                    let total = c.total + f64::from(c.weight) * (now - f64::from(c.stamp));
                    (c.class, (total / now) as f32)
                })
                .filter(|&(_, w)| w.abs() >= min_weight)
                .collect();
            if entries.is_empty() {
                continue;
            }
            entries.sort_unstable_by_key(|e| e.0);
            rows.push((key, entries));
        }
        Frozen::from_rows(self.n_classes, &rows)
    }
}

/// A trained, averaged, read-only perceptron.
///
/// Layout, chosen for size (models are committed) and speed (scoring is bound by memory
/// latency, not arithmetic): an open-addressed table with linear probing, one `u64` per slot
/// holding a 32-bit fingerprint of the feature hash and the offset of its row; a row is a count
/// followed by packed `(class, weight)` entries, weights quantized to 16 bits with one scale per
/// model. The few rows with many entries (frequent features such as the tag of the next word)
/// are stored dense instead, one weight per class, so adding them is a vector loop. Scoring
/// first prefetches every slot, then every row, then adds, so the cache misses of one instance
/// overlap instead of queueing.
#[derive(Clone, Debug, PartialEq)]
pub struct Frozen {
    n_classes: usize,
    /// `fingerprint << 32 | row offset`; 0 marks an empty slot (fingerprints are odd).
    slots: Vec<u64>,
    /// Rows: `[count, entry, entry, …]`, each entry `class << 16 | weight as u16`; or, for a
    /// dense row, `[DENSE | index]` pointing at `dense[index * n_classes..]`.
    rows: Vec<u32>,
    /// Dense rows, `n_classes` weights each.
    dense: Vec<i16>,
    /// Real weight of one quantization step.
    scale: f32,
}

#[inline]
fn fingerprint(key: u64) -> u64 {
    (key >> 32) | 1
}

#[inline(always)]
fn prefetch<T>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it never faults and has no effect on program state.
    unsafe {
        std::arch::x86_64::_mm_prefetch(
            item as *const T as *const i8,
            std::arch::x86_64::_MM_HINT_T0,
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

/// Marks a dense row header.
const DENSE: u32 = 1 << 31;

/// A row is stored dense when it has at least `n_classes / DENSE_DIVISOR` entries.
const DENSE_DIVISOR: usize = 4;

/// Adds a dense row of weights into the sums: the hot loop of scoring, so it runs with AVX2
/// where the processor has it (checked at run time; the binary stays portable).
#[inline]
fn add_dense(sums: &mut [i32], row: &[i16]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor supports AVX2, checked just above.
        unsafe { add_dense_avx2(sums, row) };
        return;
    }
    add_dense_portable(sums, row);
}

#[inline]
fn add_dense_portable(sums: &mut [i32], row: &[i16]) {
    for (s, &w) in sums.iter_mut().zip(row) {
        *s += i32::from(w);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn add_dense_avx2(sums: &mut [i32], row: &[i16]) {
    // The same loop; compiled for AVX2 the compiler widens and adds 8 weights at a time.
    add_dense_portable(sums, row);
}

/// Features per instance that fit the stack buffers of [`Frozen::score`].
const MAX_FEATURES: usize = 256;
/// Most classes a model may have (the tagger has about 100 joint tags).
pub const MAX_CLASSES: usize = 256;

impl Frozen {
    fn from_rows(n_classes: usize, rows: &[(u64, Vec<(u16, f32)>)]) -> Frozen {
        let capacity = (rows.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let mask = capacity - 1;
        let max = rows
            .iter()
            .flat_map(|r| r.1.iter().map(|e| e.1.abs()))
            .fold(0.0f32, f32::max);
        let scale = if max > 0.0 {
            max / f32::from(i16::MAX)
        } else {
            1.0
        };
        let mut slots = vec![0u64; capacity];
        let mut packed = Vec::new();
        let mut dense = Vec::new();
        let quantize = |w: f32| (w / scale).round().clamp(-32767.0, 32767.0) as i16;
        for (key, entries) in rows {
            let mut slot = (*key as usize) & mask;
            while slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = (fingerprint(*key) << 32) | packed.len() as u64;
            if entries.len() * DENSE_DIVISOR >= n_classes && n_classes > DENSE_DIVISOR {
                packed.push(DENSE | (dense.len() / n_classes) as u32);
                let start = dense.len();
                dense.resize(start + n_classes, 0i16);
                for &(c, w) in entries {
                    dense[start + usize::from(c)] = quantize(w);
                }
            } else {
                packed.push(entries.len() as u32);
                for &(c, w) in entries {
                    packed.push((u32::from(c) << 16) | u32::from(quantize(w) as u16));
                }
            }
        }
        Frozen {
            n_classes,
            slots,
            rows: packed,
            dense,
            scale,
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// A copy without the weights whose magnitude is below `min_weight` (slots stay where
    /// they are; emptied rows are kept with a count of zero).
    pub fn pruned(&self, min_weight: f32) -> Frozen {
        let mut slots = self.slots.clone();
        let mut rows = Vec::with_capacity(self.rows.len());
        let mut dense = self.dense.clone();
        let keep = |w: i16| f32::from(w).abs() * self.scale >= min_weight;
        for slot in slots.iter_mut().filter(|s| **s != 0) {
            let row = (*slot & 0xffff_ffff) as usize;
            *slot = (*slot >> 32 << 32) | rows.len() as u64;
            let header = self.rows[row];
            if header & DENSE != 0 {
                let start = (header & !DENSE) as usize * self.n_classes;
                for w in &mut dense[start..start + self.n_classes] {
                    if !keep(*w) {
                        *w = 0;
                    }
                }
                rows.push(header);
                continue;
            }
            let kept: Vec<u32> = self.rows[row + 1..row + 1 + header as usize]
                .iter()
                .copied()
                .filter(|&e| keep(e as u16 as i16))
                .collect();
            rows.push(kept.len() as u32);
            rows.extend(kept);
        }
        Frozen {
            n_classes: self.n_classes,
            slots,
            rows,
            dense,
            scale: self.scale,
        }
    }

    /// Number of features with at least one weight.
    pub fn n_features(&self) -> usize {
        self.slots.iter().filter(|&&k| k != 0).count()
    }

    /// Bytes the model takes on disk and in memory.
    pub fn size_bytes(&self) -> usize {
        self.slots.len() * 8 + self.rows.len() * 4 + self.dense.len() * 2
    }

    #[inline]
    fn find(&self, f: u64) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let fp = fingerprint(f);
        let mut slot = (f as usize) & mask;
        loop {
            let s = self.slots[slot];
            if s >> 32 == fp {
                return Some((s & 0xffff_ffff) as usize);
            }
            if s == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Writes the scores of every class for an instance with features `feats` into `scores`.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for chunk in feats.chunks(MAX_FEATURES) {
            self.score_chunk(chunk, scores);
        }
        // Scaling the sums, not each weight, keeps the inner loop to integer-to-float adds.
        scores.iter_mut().for_each(|s| *s *= self.scale);
    }

    #[inline]
    fn score_chunk(&self, feats: &[u64], scores: &mut [f32]) {
        let mask = self.slots.len() - 1;
        for &f in feats {
            prefetch(&self.slots[(f as usize) & mask]);
        }
        let mut found = [0u32; MAX_FEATURES];
        let mut n = 0;
        for &f in feats {
            if let Some(row) = self.find(f) {
                prefetch(&self.rows[row]);
                prefetch(&self.rows[(row + 16).min(self.rows.len() - 1)]);
                found[n] = row as u32;
                n += 1;
            }
        }
        // Integer sums: no conversion per weight, and exact.
        let mut sums = [0i32; MAX_CLASSES];
        let sums = &mut sums[..self.n_classes.min(MAX_CLASSES)];
        for &row in &found[..n] {
            let row = row as usize;
            let header = self.rows[row];
            if header & DENSE != 0 {
                let start = (header & !DENSE) as usize * self.n_classes;
                add_dense(sums, &self.dense[start..start + self.n_classes]);
                continue;
            }
            for &entry in &self.rows[row + 1..row + 1 + header as usize] {
                if let Some(s) = sums.get_mut((entry >> 16) as usize) {
                    *s += i32::from(entry as u16 as i16);
                }
            }
        }
        for (score, &sum) in scores.iter_mut().zip(sums.iter()) {
            *score += sum as f32;
        }
    }

    /// Serializes the model.
    pub fn write(&self, w: &mut Writer) {
        w.u64(self.n_classes as u64);
        w.u64(u64::from(self.scale.to_bits()));
        w.u64s(&self.slots);
        w.u32s(&self.rows);
        w.i16s(&self.dense);
    }

    /// Reads a model written by [`Frozen::write`], checking every offset so that a corrupt file
    /// is an error, not a panic later.
    pub fn read(r: &mut Reader) -> Result<Frozen, BinError> {
        let n_classes = r.u64()? as usize;
        if n_classes > MAX_CLASSES {
            return Err(r.invalid("model has more classes than sitrep supports"));
        }
        let scale = f32::from_bits(r.u64()? as u32);
        let slots = r.u64s()?;
        let rows = r.u32s()?;
        let dense = r.i16s()?;
        let cap = slots.len();
        if cap == 0 || !cap.is_power_of_two() {
            return Err(r.invalid("feature table size is not a power of two"));
        }
        if !scale.is_finite() {
            return Err(r.invalid("weight scale is not a finite number"));
        }
        if slots.iter().all(|&s| s != 0) {
            return Err(r.invalid("feature table has no empty slot"));
        }
        if n_classes == 0 || dense.len() % n_classes != 0 {
            return Err(r.invalid("dense weights are not whole rows"));
        }
        for &s in slots.iter().filter(|&&s| s != 0) {
            let row = (s & 0xffff_ffff) as usize;
            match rows.get(row) {
                Some(&header) if header & DENSE != 0 => {
                    if ((header & !DENSE) as usize + 1) * n_classes > dense.len() {
                        return Err(r.invalid("dense row points past the weights"));
                    }
                }
                Some(&count) if row + 1 + count as usize <= rows.len() => {
                    if rows[row + 1..row + 1 + count as usize]
                        .iter()
                        .any(|&e| (e >> 16) as usize >= n_classes)
                    {
                        return Err(r.invalid("weight for a class the model does not have"));
                    }
                }
                _ => return Err(r.invalid("feature row points past the weights")),
            }
        }
        Ok(Frozen {
            n_classes,
            slots,
            rows,
            dense,
            scale,
        })
    }
}

/// Index of the highest score among the classes allowed by `allowed` (first wins on ties).
#[inline]
pub fn argmax_where(scores: &[f32], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if allowed(i) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_survives_a_round_trip() {
        // Class = which of two "words" is present.
        let data = [
            (vec![feat(1, &[10])], 0usize),
            (vec![feat(1, &[20])], 1usize),
        ];
        let mut t = Trainer::new(2);
        let mut scores = vec![0.0; 2];
        for _ in 0..5 {
            for (f, y) in &data {
                t.tick();
                t.score(f, &mut scores);
                let guess = argmax_where(&scores, |_| true).unwrap();
                t.update(f, *y, guess);
            }
        }
        let frozen = t.freeze(0.0);
        for (f, y) in &data {
            frozen.score(f, &mut scores);
            assert_eq!(argmax_where(&scores, |_| true), Some(*y));
        }
        let mut w = Writer::default();
        frozen.write(&mut w);
        let bytes = w.into_bytes();
        let back = Frozen::read(&mut Reader::new(&bytes, "test")).unwrap();
        assert_eq!(back, frozen);
    }

    #[test]
    fn corrupt_models_are_errors() {
        let mut t = Trainer::new(3);
        t.tick();
        t.update(&[feat(1, &[1])], 2, 0);
        let mut w = Writer::default();
        t.freeze(0.0).write(&mut w);
        let bytes = w.into_bytes();
        for cut in [0, 7, bytes.len() / 2, bytes.len() - 1] {
            assert!(Frozen::read(&mut Reader::new(&bytes[..cut], "test")).is_err());
        }
    }
}
