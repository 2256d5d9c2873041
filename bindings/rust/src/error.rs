// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! Errors: each errno the ABI documents, with the meaning it has here.

use core::fmt;

/// What went wrong, named after what the errno means for pagesnap (the
/// texts of libpagesnap's `pagesnap_strerror()` where it has one).
/// [`Error::errno`] gives the errno itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// `ENOENT`, `ENODEV` or `ENXIO` (carried): no device node, the
    /// module is not loaded.
    NotLoaded(i32),
    /// `EPERM` or `EACCES` (carried): opening needs `CAP_SYS_ADMIN`.
    PermissionDenied(i32),
    /// `ENOTTY`: the file is not a pagesnap device.
    NotPagesnap,
    /// `EPROTO`: the driver's ABI is older than this crate's.
    AbiTooOld,
    /// `EPROTO`: the driver answered something the ABI rules out (a
    /// count beyond the buffer, a `next_pfn` outside the range, the
    /// wrong pfn).
    BadAnswer,
    /// `EPROTONOSUPPORT`: the driver's ABI is newer than this crate's.
    AbiTooNew,
    /// `EOPNOTSUPP`: the driver lacks the feature (see
    /// [`Info::features`](crate::Info::features)).
    Unsupported,
    /// `ERANGE`: the pfn is at or beyond the driver's `pfn_end`.
    OutOfRange,
    /// `EINVAL`: a bad argument (a filter value outside its mask, too
    /// many filters, an empty range, an unknown flag).
    InvalidArgument,
    /// `EOVERFLOW`: `start_pfn + nr_pfns` wraps around.
    Overflow,
    /// `E2BIG`: trailing bytes the driver does not know are not zero.
    TrailingBytes,
    /// `ENOMEM`: out of memory (the driver's bounce buffer).
    NoMemory,
    /// `EFAULT`: a buffer was not writable (not produced by this crate's
    /// safe API).
    Fault,
    /// `EINTR`: interrupted by a signal; the call may be repeated.
    Interrupted,
    /// Any other errno.
    Os(i32),
}

impl Error {
    /// The error of an errno, as the device calls return it.
    pub fn from_errno(errno: i32) -> Error {
        match errno {
            libc::ENOENT | libc::ENODEV | libc::ENXIO => Error::NotLoaded(errno),
            libc::EPERM | libc::EACCES => Error::PermissionDenied(errno),
            libc::ENOTTY => Error::NotPagesnap,
            libc::EPROTO => Error::AbiTooOld,
            libc::EPROTONOSUPPORT => Error::AbiTooNew,
            libc::EOPNOTSUPP => Error::Unsupported,
            libc::ERANGE => Error::OutOfRange,
            libc::EINVAL => Error::InvalidArgument,
            libc::EOVERFLOW => Error::Overflow,
            libc::E2BIG => Error::TrailingBytes,
            libc::ENOMEM => Error::NoMemory,
            libc::EFAULT => Error::Fault,
            libc::EINTR => Error::Interrupted,
            e => Error::Os(e),
        }
    }

    /// The error of the last failed system call.
    pub(crate) fn last_os_error() -> Error {
        Error::from_errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO))
    }

    /// The errno value (positive), as libpagesnap would return it negated.
    pub fn errno(&self) -> i32 {
        match *self {
            Error::NotLoaded(e) | Error::PermissionDenied(e) | Error::Os(e) => e,
            Error::NotPagesnap => libc::ENOTTY,
            Error::AbiTooOld | Error::BadAnswer => libc::EPROTO,
            Error::AbiTooNew => libc::EPROTONOSUPPORT,
            Error::Unsupported => libc::EOPNOTSUPP,
            Error::OutOfRange => libc::ERANGE,
            Error::InvalidArgument => libc::EINVAL,
            Error::Overflow => libc::EOVERFLOW,
            Error::TrailingBytes => libc::E2BIG,
            Error::NoMemory => libc::ENOMEM,
            Error::Fault => libc::EFAULT,
            Error::Interrupted => libc::EINTR,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::NotLoaded(_) => write!(
                f,
                "pagesnap module not loaded (no {}; try: modprobe pagesnap)",
                crate::uapi::DEVICE_PATH
            ),
            Error::PermissionDenied(_) => f.write_str("need CAP_SYS_ADMIN (run as root)"),
            Error::NotPagesnap => f.write_str("not a pagesnap device (ioctl not supported)"),
            Error::AbiTooOld => {
                f.write_str("driver ABI too old for this library (update the pagesnap module)")
            }
            Error::BadAnswer => f.write_str("the driver answered outside its ABI"),
            Error::AbiTooNew => {
                f.write_str("driver ABI too new for this library (update the pagesnap crate)")
            }
            Error::Unsupported => f.write_str("not supported by this driver or kernel"),
            Error::OutOfRange => f.write_str("pfn outside the range the driver serves"),
            Error::InvalidArgument => f.write_str("invalid argument"),
            Error::Overflow => f.write_str("pfn range wraps around"),
            Error::TrailingBytes => f.write_str("unknown trailing bytes are not zero"),
            Error::NoMemory => f.write_str("out of memory"),
            Error::Fault => f.write_str("bad address"),
            Error::Interrupted => f.write_str("interrupted by a signal"),
            Error::Os(e) => write!(f, "{}", std::io::Error::from_raw_os_error(e)),
        }
    }
}

impl std::error::Error for Error {}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> std::io::Error {
        std::io::Error::from_raw_os_error(e.errno())
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_round_trip() {
        for e in [
            libc::ENOENT, libc::ENODEV, libc::ENXIO, libc::EPERM, libc::EACCES, libc::ENOTTY,
            libc::EPROTO, libc::EPROTONOSUPPORT, libc::EOPNOTSUPP, libc::ERANGE, libc::EINVAL,
            libc::EOVERFLOW, libc::E2BIG, libc::ENOMEM, libc::EFAULT, libc::EINTR, libc::EIO,
        ] {
            assert_eq!(Error::from_errno(e).errno(), e);
        }
        assert_eq!(Error::BadAnswer.errno(), libc::EPROTO);
    }

    #[test]
    fn messages() {
        assert_eq!(Error::OutOfRange.to_string(), "pfn outside the range the driver serves");
        assert!(Error::NotLoaded(libc::ENOENT).to_string().contains("modprobe pagesnap"));
        assert_eq!(Error::Os(libc::EIO).to_string(), "Input/output error (os error 5)");
        let io: std::io::Error = Error::OutOfRange.into();
        assert_eq!(io.raw_os_error(), Some(libc::ERANGE));
    }
}
