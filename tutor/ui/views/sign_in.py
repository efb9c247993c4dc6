"""Sign in. Wrong passwords count toward the lock; the service decides, the page shows."""

from tutor.ui.auth_forms import sign_in_form

sign_in_form()
