//! libnih's hash order: the order in which Upstart visits job classes and instances (spec §2.7).

/// The bucket libnih puts `name` in: FNV-1 (32-bit) of the bytes, modulo 17 buckets.
pub fn bucket(name: &[u8]) -> u32 {
    let mut hash: u32 = 2_166_136_261;
    for &byte in name {
        hash = hash.wrapping_mul(16_777_619);
        // C `char` is signed: bytes from 0x80 up are sign-extended before the xor.
        hash ^= i32::from(byte as i8) as u32;
    }
    hash % 17
}

/// Where a new entry called `name` goes in a list kept in hash order: after every entry of a
/// lower or equal bucket (insertion order within a bucket).
pub fn insertion_index<'a>(names: impl IntoIterator<Item = &'a [u8]>, name: &[u8]) -> usize {
    let new = bucket(name);
    let mut index = 0;
    for existing in names {
        if bucket(existing) > new {
            break;
        }
        index += 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_match_the_recorded_order() {
        // spec §2.7, S58: eps delta alpha gamma theta beta eta zeta.
        let names = [
            "eps", "delta", "alpha", "gamma", "theta", "beta", "eta", "zeta",
        ];
        let buckets: Vec<u32> = names.iter().map(|n| bucket(n.as_bytes())).collect();
        assert_eq!(buckets, [3, 5, 7, 9, 10, 12, 12, 14]);
    }
}
