"""Honours register (荣誉): awards of teachers, groups and pupils. For now only the model, which pairings use."""
from .models import AWARD_CATEGORIES, AWARD_GRADES, AWARD_LEVELS, RECIPIENT_KINDS, Award

__all__ = ["Award", "AWARD_CATEGORIES", "AWARD_GRADES", "AWARD_LEVELS", "RECIPIENT_KINDS"]
