"""Log in with a username or an e-mail address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        users = list(
            user_model.objects.filter(Q(username__iexact=username) | Q(email__iexact=username))[:2]
        )
        if len(users) != 1:
            # Unknown, or an e-mail shared by two accounts: run the hasher anyway so that
            # timing does not tell which usernames exist.
            user_model().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
