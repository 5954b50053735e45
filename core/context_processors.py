from django.conf import settings


def site(request):
    return {
        "ICP_FILING_NUMBER": settings.ICP_FILING_NUMBER,
        "PUBLIC_SECURITY_FILING_NUMBER": settings.PUBLIC_SECURITY_FILING_NUMBER,
    }
