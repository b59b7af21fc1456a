//! Decoding a notice's bytes: UTF-8, or GBK/GB18030 (what Chinese Windows
//! saves as "ANSI"). Detection tries UTF-8 strictly, then GB18030 strictly;
//! bytes that are neither, or that are binary, are refused with a reason.

use encoding_rs::{GB18030, GBK, UTF_16BE, UTF_16LE};

use crate::i18n::pick;
use crate::tr;

/// The encodings `--encoding` can force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    Utf8,
    Gbk,
    Gb18030,
}

/// Decoded text and the name of the encoding it was in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// True when the encoding was detected rather than given.
    pub detected: bool,
}

/// Decodes `bytes`; `forced` is `--encoding` (None: detect). The error is
/// one line, in the chosen language, for the user.
pub fn decode(bytes: &[u8], forced: Option<Charset>) -> Result<Decoded, String> {
    let decoded = match forced {
        Some(Charset::Utf8) => Decoded {
            text: utf8(bytes)?,
            encoding: "UTF-8",
            detected: false,
        },
        Some(charset @ (Charset::Gbk | Charset::Gb18030)) => {
            let (encoding, name) = match charset {
                Charset::Gbk => (GBK, "GBK"),
                _ => (GB18030, "GB18030"),
            };
            let text = encoding
                .decode_without_bom_handling_and_without_replacement(bytes)
                .ok_or_else(|| tr!("不是有效的 {name} 编码文本", "not valid {name} text"))?;
            Decoded {
                text: text.into_owned(),
                encoding: name,
                detected: false,
            }
        }
        None => detect(bytes)?,
    };
    check_text(&decoded.text)?;
    Ok(decoded)
}

fn utf8(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|err| {
            tr!(
                "不是有效的 UTF-8 文本（第 {} 个字节起无法解码）；如为 GBK 编码，请用 --encoding gbk",
                "not valid UTF-8 text (cannot be decoded from byte {}); if it is GBK, use --encoding gbk",
                err.valid_up_to() + 1
            )
        })
}

fn detect(bytes: &[u8]) -> Result<Decoded, String> {
    for (bom, encoding, name) in [
        (&b"\xff\xfe"[..], UTF_16LE, "UTF-16LE"),
        (&b"\xfe\xff"[..], UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let text = encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .ok_or_else(|| {
                    tr!(
                        "以 {name} 标记开头，但内容无法按 {name} 解码",
                        "starts with a {name} byte order mark, but the content cannot be decoded as {name}"
                    )
                })?;
            return Ok(Decoded {
                text: text.into_owned(),
                encoding: name,
                detected: true,
            });
        }
    }
    if let Ok(text) = utf8(bytes) {
        return Ok(Decoded {
            text,
            encoding: "UTF-8",
            detected: true,
        });
    }
    match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(Decoded {
            text: text.into_owned(),
            encoding: "GBK/GB18030",
            detected: true,
        }),
        None => Err(pick(
            "无法识别编码：既不是 UTF-8，也不是 GBK/GB18030；请另存为 UTF-8，或用 --encoding 指定",
            "unknown encoding: neither UTF-8 nor GBK/GB18030; save the file as UTF-8, or give --encoding",
        )
        .into()),
    }
}

/// Refuses binary data: NUL bytes, or more than a few control characters.
fn check_text(text: &str) -> Result<(), String> {
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if text.contains('\0') || controls * 100 > text.chars().count().max(1) {
        return Err(pick(
            "不是纯文本文件（含有二进制数据）",
            "not a plain text file (it holds binary data)",
        )
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTICE: &str = "（一）推动生态环境联防联控联治\n1.加强保护。（牵头部门：区环保局）\n";

    #[test]
    fn utf8_and_gbk_are_told_apart() {
        let (gbk, _, _) = GBK.encode(NOTICE);
        let detected = decode(&gbk, None).unwrap();
        assert_eq!(detected.text, NOTICE);
        assert_eq!(detected.encoding, "GBK/GB18030");
        let detected = decode(NOTICE.as_bytes(), None).unwrap();
        assert_eq!(detected.encoding, "UTF-8");
        assert_eq!(decode(&gbk, Some(Charset::Gbk)).unwrap().text, NOTICE);
        assert!(decode(&gbk, Some(Charset::Utf8)).is_err());
        let bom = [b"\xef\xbb\xbf".as_slice(), NOTICE.as_bytes()].concat();
        assert_eq!(decode(&bom, None).unwrap().text, NOTICE);
    }

    #[test]
    fn binary_is_refused() {
        assert!(decode(b"\x00\x01\x02\x03", None).is_err());
        assert!(decode(&[0xff, 0xff, 0xff, 0x00], None).is_err());
        assert!(decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None).is_err());
    }
}
