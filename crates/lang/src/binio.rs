//! The little-endian binary layout of sitrep's model files.
//!
//! Model files are read at every start-up, so loading is a bounds-checked copy of flat arrays
//! (tens of milliseconds for the whole pipeline); a truncated or corrupt file is a [`BinError`]
//! naming the file and byte offset, never a panic.

/// A model file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BinError {
    /// The file ended before a value.
    #[error("{file}: truncated at byte {offset}: needed {needed} more bytes")]
    Truncated {
        /// The file.
        file: String,
        /// Where reading stopped.
        offset: usize,
        /// How many bytes were missing.
        needed: usize,
    },
    /// The bytes do not describe a valid model.
    #[error("{file}: invalid model at byte {offset}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// Where the problem was found.
        offset: usize,
        /// What was wrong.
        message: String,
    },
}

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    bytes: Vec<u8>,
}

macro_rules! put_slice {
    ($name:ident, $t:ty) => {
        /// Writes a length-prefixed array.
        pub fn $name(&mut self, values: &[$t]) {
            self.u64(values.len() as u64);
            self.bytes.reserve(values.len() * std::mem::size_of::<$t>());
            for v in values {
                self.bytes.extend_from_slice(&v.to_le_bytes());
            }
        }
    };
}

impl Writer {
    /// Writes a u64.
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// Writes a length-prefixed UTF-8 string.
    pub fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// Writes a length-prefixed list of strings.
    pub fn strs<S: AsRef<str>>(&mut self, items: &[S]) {
        self.u64(items.len() as u64);
        for s in items {
            self.str(s.as_ref());
        }
    }

    put_slice!(u64s, u64);
    put_slice!(u32s, u32);
    put_slice!(u16s, u16);
    put_slice!(f32s, f32);
    put_slice!(i16s, i16);
    put_slice!(u8s, u8);

    /// The bytes written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Reads values back, checking bounds.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    file: &'a str,
}

macro_rules! get_slice {
    ($name:ident, $t:ty) => {
        /// Reads a length-prefixed array.
        pub fn $name(&mut self) -> Result<Vec<$t>, BinError> {
            const SIZE: usize = std::mem::size_of::<$t>();
            let n = self.len_prefix(SIZE)?;
            let raw = self.take(n * SIZE)?;
            Ok(raw
                .chunks_exact(SIZE)
                .map(|c| {
                    let mut a = [0u8; SIZE];
                    a.copy_from_slice(c);
                    <$t>::from_le_bytes(a)
                })
                .collect())
        }
    };
}

impl<'a> Reader<'a> {
    /// A reader over `bytes`; `file` names them in errors.
    pub fn new(bytes: &'a [u8], file: &'a str) -> Reader<'a> {
        Reader {
            bytes,
            pos: 0,
            file,
        }
    }

    /// An [`BinError::Invalid`] at the current offset.
    pub fn invalid(&self, message: &str) -> BinError {
        BinError::Invalid {
            file: self.file.to_string(),
            offset: self.pos,
            message: message.to_string(),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], BinError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| BinError::Truncated {
                file: self.file.to_string(),
                offset: self.pos,
                needed: n.saturating_sub(self.bytes.len() - self.pos),
            })?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    /// A length prefix for items of `item_size` bytes, refused if it cannot fit the file.
    fn len_prefix(&mut self, item_size: usize) -> Result<usize, BinError> {
        let n = self.u64()?;
        let remaining = (self.bytes.len() - self.pos) as u64;
        if n.saturating_mul(item_size.max(1) as u64) > remaining {
            return Err(self.invalid("array length runs past the end of the file"));
        }
        Ok(n as usize)
    }

    /// Reads a u64.
    pub fn u64(&mut self) -> Result<u64, BinError> {
        let raw = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(raw);
        Ok(u64::from_le_bytes(a))
    }

    /// Reads a string.
    pub fn str(&mut self) -> Result<String, BinError> {
        let n = self.len_prefix(1)?;
        let raw = self.take(n)?;
        String::from_utf8(raw.to_vec()).map_err(|_| self.invalid("string is not UTF-8"))
    }

    /// Reads a list of strings.
    pub fn strs(&mut self) -> Result<Vec<String>, BinError> {
        let n = self.len_prefix(8)?;
        (0..n).map(|_| self.str()).collect()
    }

    /// Checks a magic tag.
    pub fn expect_magic(&mut self, magic: &[u8]) -> Result<(), BinError> {
        let raw = self.take(magic.len())?;
        if raw != magic {
            self.pos -= magic.len();
            return Err(self.invalid(&format!(
                "not a sitrep model of this kind/version (expected {:?})",
                String::from_utf8_lossy(magic)
            )));
        }
        Ok(())
    }

    /// True when every byte has been read.
    pub fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    get_slice!(u64s, u64);
    get_slice!(u32s, u32);
    get_slice!(u16s, u16);
    get_slice!(f32s, f32);
    get_slice!(i16s, i16);
    get_slice!(u8s, u8);
}

impl Writer {
    /// Appends raw bytes.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// Writes a magic tag.
    pub fn magic(&mut self, magic: &[u8]) {
        self.bytes.extend_from_slice(magic);
    }
}
