//! The key store: secrets the database must not hold in the clear (TOTP secrets now; signing
//! keys later) are sealed with a key kept outside the database, in a file only the service may
//! read (`keys.file`, mode 0600; the service refuses a file others can read). A copy of the
//! database alone then holds no usable second factor.
//!
//! The file lists keys, one per line as `<id> <64 hex digits>`; the first seals, every one
//! opens, so keys rotate without a moment when old values cannot be read
//! (`kakehashi keys rotate` adds a key first and reseals every value with it). Sealing is
//! ChaCha20-Poly1305 from `ring`, with a random nonce and the value's purpose (e.g.
//! `totp:<user id>`) as associated data, so a sealed value moved to another row does not open.

use std::path::Path;

use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};

use crate::platform::hex;

/// What every sealed value starts with (then the key id, then hex of nonce and ciphertext).
const SEALED_PREFIX: &str = "sealed1.";

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("key file {path}: {problem}")]
    File { path: String, problem: String },
    #[error("a sealed value names key {0:?}, which the key file does not hold")]
    UnknownKey(String),
    #[error("a sealed value does not open: it was changed, moved, or sealed with another key")]
    DoesNotOpen,
    #[error("no randomness: {0}")]
    Randomness(String),
}

/// The keys, the one that seals first.
pub struct KeyStore {
    keys: Vec<(String, LessSafeKey)>,
}

impl std::fmt::Debug for KeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("KeyStore").field("ids", &ids).finish()
    }
}

impl KeyStore {
    /// Reads the key file, making it (with one new key, mode 0600) if it does not exist yet.
    pub fn load_or_create(path: &Path) -> Result<Self, KeyError> {
        let problem = |p: String| KeyError::File { path: path.display().to_string(), problem: p };
        if !path.exists() {
            write_private(path, &format!("{HEADER}{}\n", new_line()?)).map_err(|e| problem(e.to_string()))?;
            tracing::info!(path = %path.display(), "a new key file was made: back it up apart from the database");
        }
        refuse_if_others_can_read(path).map_err(problem)?;
        let text = std::fs::read_to_string(path).map_err(|e| problem(e.to_string()))?;
        Self::parse(&text).map_err(problem)
    }

    fn parse(text: &str) -> Result<Self, String> {
        let mut keys = Vec::new();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#')) {
            let (id, material) = line.trim().split_once(' ').ok_or(format!("line {}: `<id> <hex key>`", n + 1))?;
            let bytes = unhex(material.trim()).filter(|b| b.len() == 32);
            let bytes = bytes.ok_or(format!("line {}: the key is not 64 hex digits", n + 1))?;
            let key =
                UnboundKey::new(&CHACHA20_POLY1305, &bytes).map_err(|_| format!("line {}: unusable key", n + 1))?;
            if !id.chars().all(|c| c.is_ascii_alphanumeric()) || keys.iter().any(|(k, _)| k == id) {
                return Err(format!("line {}: key ids are letters and digits, each once", n + 1));
            }
            keys.push((id.to_owned(), LessSafeKey::new(key)));
        }
        if keys.is_empty() {
            return Err("no key in the file".into());
        }
        Ok(Self { keys })
    }

    /// The id of the key that seals.
    pub fn current_id(&self) -> &str {
        &self.keys[0].0
    }

    /// Seals `plain` for `purpose` with the current key.
    pub fn seal(&self, purpose: &str, plain: &str) -> Result<String, KeyError> {
        let (id, key) = &self.keys[0];
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| KeyError::Randomness(e.to_string()))?;
        let mut data = plain.as_bytes().to_vec();
        key.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(purpose), &mut data)
            .map_err(|_| KeyError::DoesNotOpen)?;
        Ok(format!("{SEALED_PREFIX}{id}.{}{}", hex(&nonce), hex(&data)))
    }

    /// Opens a value [`seal`](Self::seal)ed for `purpose`.
    pub fn open(&self, purpose: &str, sealed: &str) -> Result<String, KeyError> {
        let rest = sealed.strip_prefix(SEALED_PREFIX).ok_or(KeyError::DoesNotOpen)?;
        let (id, body) = rest.split_once('.').ok_or(KeyError::DoesNotOpen)?;
        let (_, key) = self.keys.iter().find(|(k, _)| k == id).ok_or_else(|| KeyError::UnknownKey(id.to_owned()))?;
        let bytes = unhex(body).filter(|b| b.len() > NONCE_LEN).ok_or(KeyError::DoesNotOpen)?;
        let (nonce, data) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| KeyError::DoesNotOpen)?;
        let mut data = data.to_vec();
        let plain = key.open_in_place(nonce, Aad::from(purpose), &mut data).map_err(|_| KeyError::DoesNotOpen)?;
        String::from_utf8(plain.to_vec()).map_err(|_| KeyError::DoesNotOpen)
    }

    /// Whether `value` is sealed (values kept before sealing began are not).
    pub fn is_sealed(value: &str) -> bool {
        value.starts_with(SEALED_PREFIX)
    }

    /// Whether `value` is sealed with the current key.
    pub fn is_current(&self, value: &str) -> bool {
        value.strip_prefix(SEALED_PREFIX).and_then(|r| r.split_once('.')).is_some_and(|(id, _)| id == self.current_id())
    }
}

const HEADER: &str = "# Kakehashi's keys: the first seals, every one opens. Keep this file private (mode 0600)\n\
# and back it up apart from the database: without it, sealed values cannot be read.\n";

/// A line with a new key: a random id and 32 random bytes.
fn new_line() -> Result<String, KeyError> {
    let mut material = [0u8; 32];
    let mut id = [0u8; 4];
    getrandom::fill(&mut material).map_err(|e| KeyError::Randomness(e.to_string()))?;
    getrandom::fill(&mut id).map_err(|e| KeyError::Randomness(e.to_string()))?;
    Ok(format!("k{} {}", hex(&id), hex(&material)))
}

/// Adds a new key in front of the others (it seals from now on); returns its id.
pub fn add_key(path: &Path) -> Result<String, KeyError> {
    let problem = |p: String| KeyError::File { path: path.display().to_string(), problem: p };
    refuse_if_others_can_read(path).map_err(problem)?;
    let text = std::fs::read_to_string(path).map_err(|e| problem(e.to_string()))?;
    let line = new_line()?;
    let body: String = text.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    write_private(path, &format!("{HEADER}{line}\n{body}")).map_err(|e| problem(e.to_string()))?;
    Ok(line.split(' ').next().unwrap_or_default().to_owned())
}

/// Writes `text` to `path` readable by its owner only, replacing it whole.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)?;
    }
    let temp = path.with_extension("new");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temp)?;
    std::io::Write::write_all(&mut file, text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&temp, path)
}

fn refuse_if_others_can_read(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_err(|e| e.to_string())?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(format!("others may read it (mode {:o}): run `chmod 600` on it", mode & 0o777));
        }
    }
    Ok(())
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| text.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_for_their_purpose_and_after_a_rotation() -> Result<(), KeyError> {
        let dir = tempfile::tempdir().map_err(|e| KeyError::Randomness(e.to_string()))?;
        let path = dir.path().join("keys");
        let keys = KeyStore::load_or_create(&path)?;
        let sealed = keys.seal("totp:u1", "JBSWY3DPEHPK3PXP")?;
        assert!(KeyStore::is_sealed(&sealed) && !sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(keys.open("totp:u1", &sealed)?, "JBSWY3DPEHPK3PXP");
        assert!(matches!(keys.open("totp:u2", &sealed), Err(KeyError::DoesNotOpen)), "moved to another row");
        let mut flipped = sealed.clone().into_bytes();
        let last = flipped.len() - 1;
        flipped[last] = if flipped[last] == b'0' { b'1' } else { b'0' };
        assert!(keys.open("totp:u1", &String::from_utf8_lossy(&flipped)).is_err(), "changed");

        let new_id = add_key(&path)?;
        let rotated = KeyStore::load_or_create(&path)?;
        assert_eq!(rotated.current_id(), new_id);
        assert_eq!(rotated.open("totp:u1", &sealed)?, "JBSWY3DPEHPK3PXP", "old values still open");
        assert!(!rotated.is_current(&sealed) && rotated.is_current(&rotated.seal("totp:u1", "x")?));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("keys");
        KeyStore::load_or_create(&path).expect("made");
        assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let refused = KeyStore::load_or_create(&path).expect_err("refused");
        assert!(refused.to_string().contains("chmod 600"), "{refused}");
    }
}
