"""The error of LLM mode when no answer can come from the configured OpenAI-compatible endpoint.

Imports nothing of the pipeline, so the API can catch it without loading the answering stage.
"""

from __future__ import annotations


class LLMUnavailable(RuntimeError):
    """LLM mode asked but no answer can come from the endpoint: not configured, unreachable, or it failed. The message
    is Vietnamese and names the setting; ``public`` is the same without the endpoint's address (for API clients)."""

    def __init__(self, message: str, public: str | None = None) -> None:
        super().__init__(message)
        self.public = public or message


LLM_NOT_CONFIGURED = "Chưa cấu hình LLM: đặt ASSISTANT_LLM_BASE_URL và ASSISTANT_LLM_MODEL."
LLM_NOT_CONFIGURED_PUBLIC = ("Máy chủ chưa cấu hình LLM. Hãy hỏi lại không dùng LLM (\"llm\": false): câu trả lời "
                             "trích dẫn nguyên văn điều khoản.")
LLM_FAILED_PUBLIC = ("Máy chủ LLM không trả lời được lúc này. Hãy hỏi lại không dùng LLM (câu trả lời trích dẫn "
                     "nguyên văn điều khoản) hoặc báo quản trị viên kiểm tra máy chủ LLM.")
