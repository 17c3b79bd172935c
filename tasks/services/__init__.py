"""Everything that changes a task, one module per topic, one function per action.

- `versions`: the frame every action shares (row lock, version check, audit record, notice);
- `workflow`: progress reports, confirmation, return, comments;
- `assignment`: lead and cooperating officials, one task or many;
- `editing`: title and output, deadline, removal, tasks added by hand.

Callers check permissions with `tasks.access` first; each action checks again.
"""
