"""The web application's pages, one module per area, each an ``APIRouter`` named ``router``.

A page for a signed-in user takes the :data:`uncounted.web.shell.Signed` dependency (a form's
route :data:`~uncounted.web.shell.SignedForm`); sign-in and sign-out are added by
``auth.register``, which needs the application's ``authenticate``.
"""
