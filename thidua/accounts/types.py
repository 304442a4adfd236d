"""Types for who asks: the signed-in `User`, or anyone (`Actor`), and the request of a signed-in view.

- services and selectors that need a signed-in person take `actor: User`;
- the policy (`organisation.access`) and the few reads open to everyone take `actor: Actor`
  (an anonymous visitor gets no grant, so every check answers no);
- a view behind `@login_required` takes `request: AuthenticatedHttpRequest`, whose `user` is a `User`.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from .models import User

Actor = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    user: User
