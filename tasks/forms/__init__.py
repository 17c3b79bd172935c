"""The forms about tasks, by topic: `base` (the version every form carries), `progress` (the
task page), `assignment` (lead and cooperating officials), `editing` (deadline, title, removal,
tasks added by hand)."""
