"""Files that become plan data: the plan document importer and the task summary table's round trip."""
