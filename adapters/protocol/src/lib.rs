//! Platform-neutral types every moviebot adapter and the chat core speak.
