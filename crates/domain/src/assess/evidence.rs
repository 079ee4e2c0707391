//! Evidence for self-check answers: a file, a link, a short statement, or an external
//! certificate or declaration (ISMS, Pマーク, SECURITY ACTION, a support-service contract) that
//! stands as evidence for the items it covers.
//!
//! Files are judged by their first bytes, never by their name: what a browser might run
//! (executables, unknown binaries) is refused; HTML and SVG are plain text to us and are only
//! ever served as downloads.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::Date;

/// How many leading bytes [`FileType::sniff`] needs to decide.
pub const SNIFF_BYTES: usize = 8192;

/// The longest title, issuer or number we keep (characters).
pub const MAX_SHORT_TEXT: usize = 200;

/// The longest statement (characters).
pub const MAX_STATEMENT: usize = 2_000;

/// The longest link (bytes).
pub const MAX_LINK: usize = 2_000;

/// The kinds of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    File,
    Link,
    Statement,
    Certificate,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 4] =
        [EvidenceKind::File, EvidenceKind::Link, EvidenceKind::Statement, EvidenceKind::Certificate];

    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::File => "file",
            EvidenceKind::Link => "link",
            EvidenceKind::Statement => "statement",
            EvidenceKind::Certificate => "certificate",
        }
    }
}

impl FromStr for EvidenceKind {
    type Err = EvidenceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| EvidenceError::UnknownKind(s.to_owned()))
    }
}

/// External certificates and declarations a small firm may already hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CertificateScheme {
    /// ISMS (ISO/IEC 27001) certification.
    Isms,
    /// Pマーク (privacy mark).
    Pmark,
    /// SECURITY ACTION ★ (one star) self-declaration.
    #[serde(rename = "security-action-1")]
    SecurityActionOneStar,
    /// SECURITY ACTION ★★ (two stars) self-declaration.
    #[serde(rename = "security-action-2")]
    SecurityActionTwoStars,
    /// A support-service contract such as サイバーセキュリティお助け隊.
    SupportService,
    /// Any other certificate or declaration.
    Other,
}

impl CertificateScheme {
    pub const ALL: [CertificateScheme; 6] = [
        CertificateScheme::Isms,
        CertificateScheme::Pmark,
        CertificateScheme::SecurityActionOneStar,
        CertificateScheme::SecurityActionTwoStars,
        CertificateScheme::SupportService,
        CertificateScheme::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CertificateScheme::Isms => "isms",
            CertificateScheme::Pmark => "pmark",
            CertificateScheme::SecurityActionOneStar => "security-action-1",
            CertificateScheme::SecurityActionTwoStars => "security-action-2",
            CertificateScheme::SupportService => "support-service",
            CertificateScheme::Other => "other",
        }
    }

    /// The message key of its name in the UI.
    pub fn label_key(self) -> String {
        format!("certificate-{}", self.as_str())
    }
}

impl FromStr for CertificateScheme {
    type Err = EvidenceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| EvidenceError::UnknownScheme(s.to_owned()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceError {
    #[error("unknown kind of evidence {0:?}: file, link, statement or certificate")]
    UnknownKind(String),
    #[error("unknown certificate {0:?}: isms, pmark, security-action-1, security-action-2, support-service or other")]
    UnknownScheme(String),
    #[error("{0} is empty")]
    Empty(&'static str),
    #[error("{0} is too long ({1} characters at most)")]
    TooLong(&'static str, usize),
    #[error("the link must start with http:// or https:// and name a host")]
    BadLink,
    #[error("the expiry date is before the issue date")]
    ExpiresBeforeIssue,
    #[error("this kind of file is not accepted ({0}); use PDF, an image, an Office document, a ZIP or a text file")]
    RefusedType(&'static str),
}

impl crate::message::Explain for EvidenceError {
    fn message(&self) -> crate::message::Message {
        use crate::message::Message;
        match self {
            EvidenceError::UnknownKind(_) => Message::new("evidence-error-kind"),
            EvidenceError::UnknownScheme(_) => Message::new("evidence-error-scheme"),
            EvidenceError::Empty("the statement") => Message::new("evidence-error-empty-statement"),
            EvidenceError::Empty(_) => Message::new("evidence-error-empty-title"),
            EvidenceError::TooLong(_, max) => Message::new("text-error-too-long").with("max", max),
            EvidenceError::BadLink => Message::new("evidence-error-link"),
            EvidenceError::ExpiresBeforeIssue => Message::new("evidence-error-dates"),
            EvidenceError::RefusedType(_) => Message::new("evidence-error-type"),
        }
    }
}

/// A short text that must not be empty: a title, an issuer, a certificate number.
pub fn short_text(what: &'static str, input: &str) -> Result<String, EvidenceError> {
    bounded(what, input, MAX_SHORT_TEXT)
}

/// A statement in the supplier's words ("we lock the server room; the key is with the CEO").
pub fn statement(input: &str) -> Result<String, EvidenceError> {
    bounded("the statement", input, MAX_STATEMENT)
}

fn bounded(what: &'static str, input: &str, max: usize) -> Result<String, EvidenceError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(EvidenceError::Empty(what));
    }
    if s.chars().count() > max {
        return Err(EvidenceError::TooLong(what, max));
    }
    Ok(s.to_owned())
}

/// A link to evidence kept elsewhere (an intranet page, a shared folder): http or https only,
/// so that no `javascript:` or `file:` address is ever shown as a link.
pub fn link(input: &str) -> Result<String, EvidenceError> {
    let s = input.trim();
    if s.len() > MAX_LINK {
        return Err(EvidenceError::TooLong("the link", MAX_LINK));
    }
    let url = url::Url::parse(s).map_err(|_| EvidenceError::BadLink)?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(EvidenceError::BadLink);
    }
    Ok(url.to_string())
}

/// Dates are written 2026-04-01: in forms, JSON and the database.
pub const DATE_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

// The same format for serde.
time::serde::format_description!(pub iso_date, Date, "[year]-[month]-[day]");

/// When a certificate or document was issued and until when it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    #[serde(with = "iso_date::option")]
    pub issued_on: Option<Date>,
    #[serde(with = "iso_date::option")]
    pub expires_on: Option<Date>,
}

impl Validity {
    pub fn new(issued_on: Option<Date>, expires_on: Option<Date>) -> Result<Self, EvidenceError> {
        if let (Some(i), Some(e)) = (issued_on, expires_on)
            && e < i
        {
            return Err(EvidenceError::ExpiresBeforeIssue);
        }
        Ok(Self { issued_on, expires_on })
    }

    /// Holds on `today`: the expiry day itself still counts.
    pub fn holds_on(&self, today: Date) -> bool {
        self.expires_on.is_none_or(|e| today <= e)
    }
}

/// The name a file had on the uploader's computer, made safe to show and to offer back as a
/// download name: no folders, no control characters, no characters that reorder or hide text
/// (a right-to-left override shows `invoice\u{202E}fdp.exe` as "invoiceexe.pdf"), at most 200
/// characters.
pub fn original_name(input: &str) -> String {
    let base = input.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c) && *c != '"')
        .take(MAX_SHORT_TEXT)
        .collect();
    // Windows drops trailing dots and spaces, so "run.bat." would become "run.bat".
    let clean = clean.trim().trim_start_matches('.').trim_end_matches(['.', ' ']).to_owned();
    if clean.is_empty() { "evidence".to_owned() } else { clean }
}

/// Characters that change how the text around them is shown without showing themselves:
/// bidirectional embeddings, overrides, isolates and marks, zero-width characters.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

/// The name a stored file is offered under: its original name (made safe again, for names kept
/// before these rules), with an extension that matches what the file is. A name whose extension
/// says something else (`.bat`, `.js`, `.hta`, `.html`, `.xlsm`, none) gets the type's own
/// added, so a double-click opens a viewer, never an interpreter.
pub fn served_name(original: &str, file_type: FileType) -> String {
    let name = original_name(original);
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if file_type.extensions().contains(&extension.as_str()) {
        name
    } else {
        format!("{name}.{}", file_type.extensions()[0])
    }
}

/// The accepted kinds of file, decided from their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
    /// Word, Excel or PowerPoint (OOXML) documents.
    OfficeOpenXml,
    /// Older Word, Excel or PowerPoint documents (OLE compound files).
    OfficeLegacy,
    Zip,
    /// Any text, including CSV, HTML and SVG: served as plain text, as a download.
    Text,
}

impl FileType {
    /// Decides from the first [`SNIFF_BYTES`] bytes (fewer if the file is shorter).
    pub fn sniff(head: &[u8]) -> Result<FileType, EvidenceError> {
        if let Some(kind) = infer::get(head) {
            return Self::from_mime(kind.mime_type()).ok_or(EvidenceError::RefusedType(kind.extension()));
        }
        if looks_like_text(head) { Ok(FileType::Text) } else { Err(EvidenceError::RefusedType("unknown binary")) }
    }

    fn from_mime(mime: &str) -> Option<FileType> {
        Some(match mime {
            "application/pdf" => FileType::Pdf,
            "image/png" => FileType::Png,
            "image/jpeg" => FileType::Jpeg,
            "image/gif" => FileType::Gif,
            "image/webp" => FileType::Webp,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            | "application/vnd.openxmlformats-officedocument.presentationml.presentation" => FileType::OfficeOpenXml,
            "application/msword"
            | "application/vnd.ms-excel"
            | "application/vnd.ms-powerpoint"
            | "application/x-ole-storage" => FileType::OfficeLegacy,
            "application/zip" => FileType::Zip,
            // infer names HTML and XML (so SVG) by their text; to us they are text like any other.
            "text/html" | "text/xml" | "application/xml" | "image/svg+xml" => FileType::Text,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Png => "png",
            FileType::Jpeg => "jpeg",
            FileType::Gif => "gif",
            FileType::Webp => "webp",
            FileType::OfficeOpenXml => "office-open-xml",
            FileType::OfficeLegacy => "office-legacy",
            FileType::Zip => "zip",
            FileType::Text => "text",
        }
    }

    /// The extensions a file of this type may be offered under, the usual one first. Only
    /// those that open in a viewer: macro-enabled Office names and markup are not among them.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Pdf => &["pdf"],
            FileType::Png => &["png"],
            FileType::Jpeg => &["jpg", "jpeg"],
            FileType::Gif => &["gif"],
            FileType::Webp => &["webp"],
            // Which of the three an OOXML file is, its bytes do not say: a container it is.
            FileType::OfficeOpenXml => &["zip", "docx", "xlsx", "pptx"],
            FileType::OfficeLegacy => &["bin", "doc", "xls", "ppt"],
            FileType::Zip => &["zip"],
            FileType::Text => &["txt", "csv", "tsv", "log", "md"],
        }
    }

    /// The Content-Type it is served with. Text is never `text/html` or `image/svg+xml`, so a
    /// browser never runs what it holds.
    pub fn served_as(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
            FileType::Gif => "image/gif",
            FileType::Webp => "image/webp",
            FileType::OfficeOpenXml | FileType::OfficeLegacy | FileType::Zip => "application/octet-stream",
            FileType::Text => "text/plain",
        }
    }
}

impl FromStr for FileType {
    type Err = EvidenceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const ALL: [FileType; 9] = [
            FileType::Pdf,
            FileType::Png,
            FileType::Jpeg,
            FileType::Gif,
            FileType::Webp,
            FileType::OfficeOpenXml,
            FileType::OfficeLegacy,
            FileType::Zip,
            FileType::Text,
        ];
        ALL.into_iter().find(|t| t.as_str() == s).ok_or(EvidenceError::RefusedType("unknown"))
    }
}

/// Text in any common encoding (UTF-8, Shift_JIS, EUC-JP): no NUL and no control characters
/// other than tab, line breaks, form feed and escape (ISO-2022-JP uses it).
fn looks_like_text(head: &[u8]) -> bool {
    !head.is_empty() && head.iter().all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn served_names_never_run_or_disguise_themselves() {
        for (name, file_type, served) in [
            ("手順書.txt", FileType::Text, "手順書.txt"),
            ("一覧.CSV", FileType::Text, "一覧.CSV"),
            ("run.bat", FileType::Text, "run.bat.txt"),
            ("x.js", FileType::Text, "x.js.txt"),
            ("x.hta", FileType::Text, "x.hta.txt"),
            ("x.vbs", FileType::Text, "x.vbs.txt"),
            ("x.ps1", FileType::Text, "x.ps1.txt"),
            ("page.html", FileType::Text, "page.html.txt"),
            ("run.bat. ", FileType::Text, "run.bat.txt"),
            ("README", FileType::Text, "README.txt"),
            ("invoice\u{202E}fdp.exe", FileType::Pdf, "invoicefdp.exe.pdf"),
            ("見積\u{2067}書.pdf", FileType::Pdf, "見積書.pdf"),
            ("macro.xlsm", FileType::OfficeOpenXml, "macro.xlsm.zip"),
            ("report.xlsx", FileType::OfficeOpenXml, "report.xlsx"),
            ("photo.JPEG", FileType::Jpeg, "photo.JPEG"),
        ] {
            assert_eq!(served_name(name, file_type), served, "{name:?}");
        }
    }

    #[test]
    fn files_are_judged_by_their_bytes() {
        assert_eq!(FileType::sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Ok(FileType::Pdf));
        assert_eq!(FileType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Ok(FileType::Png));
        assert_eq!(FileType::sniff("項目,状態\n1,実施\n".as_bytes()), Ok(FileType::Text));
        assert_eq!(FileType::sniff(b"<html><script>alert(1)</script></html>"), Ok(FileType::Text));
        assert_eq!(FileType::sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>"), Ok(FileType::Text));
        assert!(FileType::sniff(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0").is_err());
        assert!(FileType::sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0").is_err());
        assert!(FileType::sniff(b"\0\x01\x02\x03binary").is_err());
        assert!(FileType::sniff(b"").is_err());
    }

    #[test]
    fn served_types_never_run_in_a_browser() {
        for t in ["pdf", "png", "jpeg", "gif", "webp", "office-open-xml", "office-legacy", "zip", "text"] {
            let served = t.parse::<FileType>().map(FileType::served_as);
            assert!(served.is_ok_and(|s| !s.contains("html") && !s.contains("svg") && !s.contains("xml")), "{t}");
        }
    }

    #[test]
    fn links_are_web_addresses_only() {
        assert_eq!(link(" https://intra.example.jp/policy ").as_deref(), Ok("https://intra.example.jp/policy"));
        assert_eq!(link("javascript:alert(1)"), Err(EvidenceError::BadLink));
        assert_eq!(link("file:///etc/passwd"), Err(EvidenceError::BadLink));
        assert_eq!(link("not a link"), Err(EvidenceError::BadLink));
    }

    #[test]
    fn names_lose_folders_and_control_characters() {
        assert_eq!(original_name("C:\\Users\\a\\規程.pdf"), "規程.pdf");
        assert_eq!(original_name("../../etc/passwd"), "passwd");
        assert_eq!(original_name("a\"\r\nb.txt"), "ab.txt");
        assert_eq!(original_name("..."), "evidence");
    }

    #[test]
    fn validity_includes_the_expiry_day() {
        let v = Validity::new(Some(date!(2025 - 04 - 01)), Some(date!(2028 - 03 - 31))).expect("in order");
        assert!(v.holds_on(date!(2028 - 03 - 31)));
        assert!(!v.holds_on(date!(2028 - 04 - 01)));
        assert_eq!(
            Validity::new(Some(date!(2025 - 04 - 01)), Some(date!(2025 - 03 - 31))),
            Err(EvidenceError::ExpiresBeforeIssue)
        );
    }

    #[test]
    fn texts_are_bounded() {
        assert_eq!(short_text("the title", "  "), Err(EvidenceError::Empty("the title")));
        assert!(statement(&"あ".repeat(MAX_STATEMENT + 1)).is_err());
        assert_eq!(statement(" 鍵は社長が保管 ").as_deref(), Ok("鍵は社長が保管"));
    }
}
