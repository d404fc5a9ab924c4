"""Young people's personal data over its whole life: retention and anonymisation, erasure,
subject access and portability, backups (issue 12; docs/privacy.md)."""
