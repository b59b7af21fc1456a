//! A short stable fingerprint of a few texts (FNV-1a, 64 bits): to tell a
//! form's locked cells from edited ones, and one CI finding from another.
//! Not for secrets.

/// FNV-1a over the texts, with line endings (`\r\n` and a lone `\r` as
/// `\n`, as a form's reader reads them) and outer spaces normalised
/// (office suites and editors change those on save), as 16 hex digits.
pub fn of(texts: &[String]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for text in texts {
        let normal = text.replace("\r\n", "\n").replace('\r', "\n");
        for byte in normal.trim().bytes().chain([0x1f]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
