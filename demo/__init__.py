"""Demo and synthetic data: installed by the dev and test settings only, never in production.

`demo.loader` is the demo commune of `make run` (`manage.py load_demo`), `demo.ward` the post-reform
ward it loads beside it (`demo.common`: what the two share); `demo.synthetic` makes
provinces of synthetic communes for performance work (`manage.py generate_synthetic`). Production
code never imports this app (tests/architecture/test_demo_out_of_production.py).
"""
