"""The REST API of assessment, mounted at /api/v1/assessment/ (`assessment/api_urls.py`), one
module per subject: `configuration`, `rounds`, `scoring` (your own sheet and conflicts),
`results` (and their exports) and `decisions`; `common` holds what they share.

Each view reads through `assessment.selectors`, writes through `assessment.services` and
translates; who may do what, and blind scoring, are decided there, never here. Scores leave
only through three endpoints: your own sheet, the aggregated results and the full score
list, the last two only when `assessment.permissions` allows.
"""
