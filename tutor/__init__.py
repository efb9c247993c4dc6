"""합격노트: a practice tutor for Korean professional licensing exams."""

APP_NAME = "합격노트"
APP_NAME_EN = "Hapgyeok Note"
__version__ = "0.1.0"
