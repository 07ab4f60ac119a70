//! CRC-8 used by PlainBuffer: polynomial 0x07, initial value 0, no reflection, no final XOR.

const TABLE: [u8; 256] = build_table();

const fn build_table() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u8;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 0x80 != 0 {
                (crc << 1) ^ 0x07
            } else {
                crc << 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

/// Feeds one byte into a running checksum.
#[must_use]
pub fn crc8_byte(crc: u8, byte: u8) -> u8 {
    TABLE[(crc ^ byte) as usize]
}

/// Feeds a byte slice into a running checksum.
#[must_use]
pub fn crc8_bytes(crc: u8, bytes: &[u8]) -> u8 {
    bytes.iter().fold(crc, |c, b| crc8_byte(c, *b))
}

/// Feeds a little-endian `u32` into a running checksum.
#[must_use]
pub fn crc8_u32(crc: u8, v: u32) -> u8 {
    crc8_bytes(crc, &v.to_le_bytes())
}

/// Feeds a little-endian `i64` into a running checksum.
#[must_use]
pub fn crc8_i64(crc: u8, v: i64) -> u8 {
    crc8_bytes(crc, &v.to_le_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_value_and_table_entries() {
        assert_eq!(crc8_bytes(0, b"123456789"), 0xF4);
        assert_eq!(TABLE[1], 0x07);
        assert_eq!(TABLE[255], 0xF3);
    }
}
