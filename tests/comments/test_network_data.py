"""IP addresses and user agents are erased after COMMENTS_NETWORK_DATA_DAYS (comments.privacy)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def aged(days, **fields):
    comment = make_comment(ip_address="198.51.100.4", user_agent="Browser/1", **fields)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=days))
    return comment


def test_the_command_erases_network_data_of_old_comments_only(settings, capsys):
    settings.COMMENTS_NETWORK_DATA_DAYS = 90
    old, recent = aged(91), aged(89)
    call_command("comments_erase_network_data")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("198.51.100.4", "Browser/1")
    assert "1 comment" in capsys.readouterr().out


def test_the_retention_follows_the_setting(settings):
    settings.COMMENTS_NETWORK_DATA_DAYS = 7
    comment = aged(8)
    call_command("comments_erase_network_data")
    comment.refresh_from_db()
    assert comment.ip_address is None


def test_the_rest_of_the_comment_is_untouched(settings):
    settings.COMMENTS_NETWORK_DATA_DAYS = 90
    comment = aged(120, author_name="Zoé", body="Texte gardé.")
    call_command("comments_erase_network_data")
    comment.refresh_from_db()
    assert (comment.author_name, comment.body) == ("Zoé", "Texte gardé.")
