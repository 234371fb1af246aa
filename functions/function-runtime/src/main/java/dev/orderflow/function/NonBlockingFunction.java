package dev.orderflow.function;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code @Funq} method (or every one of a class) that never blocks: {@link EventLoopDispatch} answers its
 * events on the event loop that read them, not on Funqy's worker thread. Leave it off a function that waits on
 * anything (a remote gateway, a database, a lock): it would stall every request on that event loop. Quarkus's own
 * {@code @NonBlocking} is refused on Funqy methods at build time, hence this one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface NonBlockingFunction {
}
