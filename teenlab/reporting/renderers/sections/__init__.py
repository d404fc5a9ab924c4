"""One builder per section of the report; :mod:`teenlab.reporting.renderers.report` puts them
together. Each builder turns its part of the Bilan into labelled, formatted values (call inside
``translation.override(lang)``); none queries the database."""
