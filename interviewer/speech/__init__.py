"""Speech: Whisper weights and transcription, text to speech, microphone, voice activity."""
