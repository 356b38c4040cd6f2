"""Account basics above the people core: email verification and change, password reset and
change, signing out other sessions, and personal API tokens (docs/accounts.md)."""
