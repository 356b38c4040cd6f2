"""Notifications by email: each person's choice per kind (immediately, daily or weekly
digest, never), the mails themselves, and unsubscribing without signing in."""
