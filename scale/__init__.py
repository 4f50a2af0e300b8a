"""Running past one machine: the servers CourseHub needs when one process and a file are not enough.

`scale.postgres` starts a real PostgreSQL server in a folder, as you, for both twins and their
tests; `scale.redis` starts a Redis server that several workers share their rate limits through;
`scale.nginx` starts nginx as a load balancer, and `python -m scale.demo` (`make scale-demo`)
runs CourseHub's catalog API as several instances behind it, under load, losing instances.
"""
