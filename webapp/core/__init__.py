"""webapp.core"""
