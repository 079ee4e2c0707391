//! Text files as people send them from Japanese offices: UTF-8, UTF-8 with a byte-order mark
//! (Excel's "CSV UTF-8"), or Shift_JIS (Excel's default CSV in Japan).

use std::borrow::Cow;

use crate::error::ImportError;

/// The text of a file, decoded from whichever of the three encodings it is in.
pub fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, ImportError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(Cow::Borrowed)
            .map_err(|e| ImportError::whole(file, format!("invalid UTF-8 after the byte-order mark ({e})")));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    if had_errors {
        return Err(ImportError::whole(
            file,
            "the text is neither UTF-8 nor Shift_JIS; save it as UTF-8 and try again",
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_encodings_of_japanese_text() {
        let utf8 = "番号,名称\n1,パスワード".as_bytes();
        assert_eq!(decode("a.csv", utf8).expect("utf-8"), "番号,名称\n1,パスワード");
        let bom = [&[0xEF, 0xBB, 0xBF][..], utf8].concat();
        assert_eq!(decode("b.csv", &bom).expect("bom"), "番号,名称\n1,パスワード");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("番号,名称\n1,パスワード");
        assert_eq!(decode("c.csv", &sjis).expect("sjis"), "番号,名称\n1,パスワード");
        assert!(decode("d.bin", &[0x81, 0x20, 0x81]).is_err(), "a Shift_JIS lead byte without its pair");
    }
}
