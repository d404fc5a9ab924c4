"""The information notice on the processing of young people's data (GDPR Art. 12-14): its
current version. The notice itself is a page of the privacy app (``/privacy/notice/<lang>/``,
templates ``privacy/notice/<lang>.html``); it lives here, below the consent form that records
which version a young person and their parents were given (docs/privacy.md, "Information
notice"). Change it with the notice's text: ``tests/web/test_notice.py`` holds the fingerprint
of the three texts of this version and fails until both move together.
"""

NOTICE_VERSION = "2026-11"
