<%@ page session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Sign In">
  <h1>Sign In</h1>
  <%-- No action: the form posts back to this URL, keeping its ?next= --%>
  <form class="form" method="post" novalidate>
    <t:csrf/>
    <div class="field">
      <label for="username">Username</label>
      <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64" value="${fn:escapeXml(param.username)}"<t:describedBy field="username"/>>
      <t:errors field="username"/>
    </div>
    <div class="field">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password"<t:describedBy field="password"/>>
      <t:errors field="password"/>
    </div>
    <div class="field checkbox">
      <input id="remember_me" name="remember_me" type="checkbox" value="y"<c:if test="${param.remember_me == 'y'}"> checked</c:if>>
      <label for="remember_me">Remember Me</label>
    </div>
    <div class="actions"><input class="button" type="submit" name="submit" value="Sign In"></div>
  </form>
  <p class="aside">New User? <a href="<c:url value='/register'/>">Click to Register!</a></p>
  <p class="aside">Forgot Your Password? <a href="<c:url value='/reset_password_request'/>">Click to Reset It</a></p>
</t:layout>
