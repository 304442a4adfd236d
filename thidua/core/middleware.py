"""Language: Vietnamese unless the user picked another language (the language cookie).

Browsers on office machines often announce English; the UI must still open in Vietnamese, so the
Accept-Language header is not consulted (unlike Django's LocaleMiddleware, which this extends).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (Referrer-Policy comes from
    Django's SecurityMiddleware, SECURE_REFERRER_POLICY).

    The policy allows scripts from this site only: no inline <script>, no on*= handlers, no eval
    (page behaviour lives in static files, e.g. core/app.js). A response that already carries a
    policy (a view with special needs) keeps its own.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.csp = getattr(settings, "THIDUA_CONTENT_SECURITY_POLICY", "")
        self.permissions = getattr(settings, "THIDUA_PERMISSIONS_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.csp and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.csp
        if self.permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions
        return response
