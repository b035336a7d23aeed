import pytest
from django.urls import reverse

from pilote.core.choices import JournalAction, Role
from pilote.core.models import JournalEntry, Membership, User


def members_url(school, name="core:members", **kwargs):
    return reverse(name, kwargs={"uai": school.uai, **kwargs})


def test_head_adds_a_new_person_with_a_role(client, world):
    client.force_login(world["chef.college"])
    response = client.post(
        members_url(world.college, "core:member_add"),
        {
            "email": "nouvelle@example.fr",
            "first_name": "Zoé",
            "last_name": "Nouvelle",
            "role": "rrupn",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nouvelle@example.fr")
    assert membership.school == world.college and membership.role == Role.RRUPN
    assert not membership.user.has_usable_password()
    assert JournalEntry.objects.filter(action=JournalAction.MEMBERSHIP_ADDED).exists()


def test_adding_an_existing_account_reuses_it(client, world):
    client.force_login(world["chef.lycee"])
    teacher = world["prof.college"]
    client.post(
        members_url(world.lycee, "core:member_add"),
        {"email": teacher.email, "first_name": "x", "last_name": "y", "role": "enseignant"},
    )
    assert teacher.memberships.count() == 2
    assert User.objects.filter(email=teacher.email).count() == 1


@pytest.mark.parametrize(
    "data, field",
    [
        (
            {"email": "pas-une-adresse", "first_name": "A", "last_name": "B", "role": "rrupn"},
            "email",
        ),
        ({"email": "a@example.fr", "first_name": "A", "last_name": "B", "role": "drane"}, "role"),
        (
            {"email": "a@example.fr", "first_name": "", "last_name": "B", "role": "rrupn"},
            "first_name",
        ),
    ],
)
def test_invalid_member_form_is_refused_and_nothing_changes(client, world, data, field):
    client.force_login(world["chef.college"])
    before = (User.objects.count(), Membership.objects.count())
    response = client.post(members_url(world.college, "core:member_add"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert (User.objects.count(), Membership.objects.count()) == before


def test_existing_member_cannot_be_added_twice(client, world):
    client.force_login(world["chef.college"])
    response = client.post(
        members_url(world.college, "core:member_add"),
        {"email": world["prof.college"].email, "first_name": "a", "last_name": "b", "role": "cpe"},
    )
    assert response.status_code == 400
    assert "déjà membre" in response.content.decode()


def test_head_changes_a_role_and_it_is_journaled_with_history(client, world):
    membership = world["prof.college"].memberships.get()
    client.force_login(world["chef.college"])
    response = client.post(
        members_url(world.college, "core:member_role", pk=membership.pk), {"role": "rrupn"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.RRUPN
    assert membership.history.count() == 2
    entry = JournalEntry.objects.get(action=JournalAction.ROLE_CHANGED)
    assert "Enseignant → RRUPN" in entry.summary


def test_head_ends_a_membership_and_access_stops(client, world):
    membership = world["prof.college"].memberships.get()
    client.force_login(world["chef.college"])
    client.post(members_url(world.college, "core:member_end", pk=membership.pk))
    membership.refresh_from_db()
    assert membership.end_date is not None
    client.force_login(world["prof.college"])
    assert client.get(members_url(world.college, "core:cockpit")).status_code == 404


def test_head_cannot_touch_a_membership_of_another_school(client, world):
    other = world["prof.lycee"].memberships.get()
    client.force_login(world["chef.college"])
    response = client.post(
        members_url(world.college, "core:member_role", pk=other.pk), {"role": "rrupn"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.role == Role.ENSEIGNANT


@pytest.mark.parametrize("username", ["adjoint.college", "rrupn.college", "prof.college"])
def test_only_the_head_manages_members(client, world, username):
    client.force_login(world[username])
    response = client.post(
        members_url(world.college, "core:member_add"),
        {"email": "x@example.fr", "first_name": "x", "last_name": "y", "role": "enseignant"},
    )
    assert response.status_code in (403, 404)
    assert not User.objects.filter(email="x@example.fr").exists()


def test_member_list_filters_and_keeps_query_count_flat(
    client, world, django_assert_max_num_queries
):
    from tests.core.factories import MembershipFactory

    MembershipFactory.create_batch(60, school=world.college)
    client.force_login(world["chef.college"])
    with django_assert_max_num_queries(15):
        response = client.get(members_url(world.college))
    assert response.status_code == 200
    page = client.get(members_url(world.college), {"role": "cpe"}).content.decode()
    assert world["cpe.college"].email in page
    assert world["prof.college"].email not in page


def test_member_list_shows_current_members_unless_asked(client, world):
    membership = world["prof.college"].memberships.get()
    membership.end_date = membership.start_date
    membership.save()
    client.force_login(world["chef.college"])
    assert (
        world["prof.college"].email not in client.get(members_url(world.college)).content.decode()
    )
    former = client.get(members_url(world.college), {"period": "anciens"}).content.decode()
    assert world["prof.college"].email in former


def test_a_new_member_is_invited_and_chooses_a_password(client, world, mailoutbox):
    import re

    client.force_login(world["chef.college"])
    client.post(
        members_url(world.college, "core:member_add"),
        {"email": "zoe@example.fr", "first_name": "Zoé", "last_name": "Neuve", "role": "cpe"},
    )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["zoe@example.fr"] and world.college.name in message.subject
    link = re.search(r"http://testserver(/mot-de-passe/nouveau/\S+)", message.body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Ardoise-verte-2026", "new_password2": "Ardoise-verte-2026"},
    )
    assert response.status_code == 302
    login = client.post(
        reverse("login"), {"username": "zoe@example.fr", "password": "Ardoise-verte-2026"}
    )
    assert login.status_code == 302 and client.session["_auth_user_id"]


def test_forgotten_password_page_answers_in_french(client, world, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": world["cpe.college"].email})
    assert response.status_code == 302
    assert "mot de passe" in mailoutbox[0].body
