# Reporting rounds and exports arrive with the reports issue.
