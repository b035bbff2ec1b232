"""Benchmarks and drills only: SQL queries, server time and the answering instance per request,
as response headers."""

import os
import time

from django.db import connection


class QueryCountMiddleware:
    """For benchmarks (QUERY_COUNT_HEADER=true): how many SQL queries and how much time a
    request took, as X-Query-Count and X-Server-Time headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        response["X-Server-Time"] = f"{(time.perf_counter() - started) * 1000:.1f}"
        if instance := os.environ.get("INSTANCE_NAME"):  # which server answered (the cluster drill)
            response["X-Instance"] = instance
        return response
