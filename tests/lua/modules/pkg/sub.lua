-- submodule in a directory
return {kind = "submodule"}
