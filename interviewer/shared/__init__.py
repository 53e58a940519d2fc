"""The bottom layer: vocabulary, file helpers and errors that every package may import."""
