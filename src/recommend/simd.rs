//! The few dense kernels on the request and fit paths, vectorised: x86-64 always has SSE2,
//! and AVX2/FMA variants are picked at run time when the CPU has them (the release build
//! targets baseline x86-64, so the compiler will not use AVX on its own).

/// `dst += src` element-wise.
#[inline]
pub fn add_assign(dst: &mut [f32], src: &[f32]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked just above).
        unsafe { add_assign_avx2(dst, src) };
        return;
    }
    for (a, b) in dst.iter_mut().zip(src) {
        *a += *b;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_assign_avx2(dst: &mut [f32], src: &[f32]) {
    for (a, b) in dst.iter_mut().zip(src) {
        *a += *b;
    }
}

/// `y -= f·x` element-wise.
#[inline]
pub fn axpy_neg(y: &mut [f32], f: f32, x: &[f32]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports AVX2 and FMA (checked just above).
        unsafe { axpy_neg_avx2(y, f, x) };
        return;
    }
    for (a, b) in y.iter_mut().zip(x) {
        *a -= f * *b;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn axpy_neg_avx2(y: &mut [f32], f: f32, x: &[f32]) {
    for (a, b) in y.iter_mut().zip(x) {
        *a = (-f).mul_add(*b, *a);
    }
}

/// (min, max) of `v` together with 0 (so an empty slice gives (0, 0)); NaNs are ignored.
pub fn min_max_with_zero(v: &[f32]) -> (f32, f32) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        let chunks = v.chunks_exact(4);
        let tail = chunks.remainder();
        // SAFETY: SSE is part of the x86-64 baseline; loads are unaligned-safe (loadu) and
        // every chunk holds exactly 4 floats.
        let (lo, hi) = unsafe {
            let (mut lo, mut hi) = (_mm_setzero_ps(), _mm_setzero_ps());
            for c in chunks {
                let x = _mm_loadu_ps(c.as_ptr());
                lo = _mm_min_ps(x, lo);
                hi = _mm_max_ps(x, hi);
            }
            let (mut l, mut h) = ([0f32; 4], [0f32; 4]);
            _mm_storeu_ps(l.as_mut_ptr(), lo);
            _mm_storeu_ps(h.as_mut_ptr(), hi);
            (l, h)
        };
        let lo = lo.iter().chain(tail).copied().fold(0f32, f32::min);
        let hi = hi.iter().chain(tail).copied().fold(0f32, f32::max);
        (lo, hi)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        (
            v.iter().copied().fold(0f32, f32::min),
            v.iter().copied().fold(0f32, f32::max),
        )
    }
}

/// Asks the CPU to start loading `v` (up to 8 cache lines) into cache: neighbour-list rows
/// live at random places in memory, and fetching the next rows while summing the current
/// one hides most of that latency.
#[inline]
pub fn prefetch<T>(v: &[T]) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let bytes = std::mem::size_of_val(v).min(512);
        let base = v.as_ptr() as *const i8;
        for off in (0..bytes).step_by(64) {
            // SAFETY: prefetch is only a hint and never faults; the address is inside `v`.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(base.add(off)) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = v;
}

/// Largest value of `v` (`-inf` when empty), in independent lanes so it vectorises.
#[inline]
pub fn max(v: &[f32]) -> f32 {
    let mut lanes = [f32::NEG_INFINITY; 8];
    let chunks = v.chunks_exact(8);
    let tail = chunks.remainder();
    for c in chunks {
        for k in 0..8 {
            lanes[k] = if c[k] > lanes[k] { c[k] } else { lanes[k] };
        }
    }
    lanes
        .iter()
        .chain(tail)
        .copied()
        .fold(f32::NEG_INFINITY, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_match_scalar() {
        let x: Vec<f32> = (0..37).map(|i| (i as f32 * 0.7).sin()).collect();
        let mut y: Vec<f32> = (0..37).map(|i| i as f32).collect();
        let want: Vec<f32> = y.iter().zip(&x).map(|(a, b)| a + b).collect();
        add_assign(&mut y, &x);
        assert_eq!(y, want);
        let want: Vec<f32> = y.iter().zip(&x).map(|(a, b)| a - 2.0 * b).collect();
        axpy_neg(&mut y, 2.0, &x);
        for (a, b) in y.iter().zip(&want) {
            assert!((a - b).abs() < 1e-5);
        }
        let (lo, hi) = min_max_with_zero(&x);
        assert_eq!(lo, x.iter().copied().fold(0.0, f32::min));
        assert_eq!(hi, x.iter().copied().fold(0.0, f32::max));
        assert_eq!(min_max_with_zero(&[3.0, 5.0]), (0.0, 5.0));
        assert_eq!(min_max_with_zero(&[]), (0.0, 0.0));
        assert_eq!(max(&x), x.iter().copied().fold(f32::NEG_INFINITY, f32::max));
        assert_eq!(max(&[]), f32::NEG_INFINITY);
    }
}
