# examples/: the demo program over the plain library.
.PHONY: demo
demo: $(BUILD)/demo

$(BUILD)/demo: examples/demo.c allocator/halloc.h allocator/heap.h $(LIB)
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(HALLOC_CFLAGS) examples/demo.c $(LIB) -lpthread -o $@
