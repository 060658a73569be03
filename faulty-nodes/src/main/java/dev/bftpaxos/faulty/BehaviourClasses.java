package dev.bftpaxos.faulty;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Loads a behaviour a user wrote, by class name, from the classpath: a public class implementing
 * the expected interface, with a public constructor taking {@link BehaviourParams} (it reads its
 * parameters there) or a public no-argument one (it then takes no parameters). Every failure is an
 * IllegalArgumentException that says what to fix.
 */
public final class BehaviourClasses {
  private BehaviourClasses() {}

  public static <T> T load(String className, Class<T> type, BehaviourParams params) {
    Class<?> c;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      c = Class.forName(className, true, loader == null ? BehaviourClasses.class.getClassLoader() : loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("behaviour class " + className + " is not on the classpath (add its jar "
          + "with -cp; see docs/FAULTY-NODES.md)" + (e instanceof LinkageError ? ": " + e : ""));
    }
    if (!type.isAssignableFrom(c)) {
      throw new IllegalArgumentException("class " + className + " does not implement " + type.getName());
    }
    if (!Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers())) {
      throw new IllegalArgumentException("behaviour class " + className + " must be public and not abstract");
    }
    try {
      Constructor<?> withParams = constructor(c, BehaviourParams.class);
      Object o = withParams != null ? withParams.newInstance(params) : noArgs(c, className).newInstance();
      return type.cast(o);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException iae) {
        throw iae; // a parameter the behaviour refused: its own message says which
      }
      throw new IllegalArgumentException("behaviour class " + className + " failed to construct: " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("behaviour class " + className + " cannot be constructed: " + e);
    }
  }

  private static Constructor<?> constructor(Class<?> c, Class<?>... params) {
    try {
      return c.getConstructor(params);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Constructor<?> noArgs(Class<?> c, String className) {
    Constructor<?> k = constructor(c);
    if (k == null) {
      throw new IllegalArgumentException("behaviour class " + className + " needs a public constructor taking "
          + BehaviourParams.class.getName() + " or none");
    }
    return k;
  }
}
