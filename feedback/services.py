"""Writes for visitor messages: receive one, close one."""

from django.utils import timezone
from django.utils.translation import get_language

from .models import Message


def message_receive(*, data: dict) -> Message:
    message = Message(**data, language=get_language() or "")
    message.full_clean()
    message.save()
    return message


def messages_mark_handled(*, queryset, by) -> int:
    return queryset.filter(status=Message.Status.NEW).update(
        status=Message.Status.HANDLED, handled_by=by, handled_at=timezone.now()
    )
