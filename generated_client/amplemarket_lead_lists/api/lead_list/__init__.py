# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
"""Contains endpoint functions for accessing the API"""
