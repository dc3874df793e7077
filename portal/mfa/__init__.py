"""Second factors: one-time codes (TOTP), recovery codes and passkeys; step-up checks."""
