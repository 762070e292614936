"""The web application's pages, one module per area, each an ``APIRouter`` named ``router``.

A page for a signed-in user takes the :data:`uncounted.web.shell.Signed` dependency (a form's
route :data:`~uncounted.web.shell.SignedForm`); the sign-in pages take the application's shell
(:data:`~uncounted.web.shell.AppShell`) and ``authenticate`` (``Authenticator``) instead.
"""
